// What the cluster primary tells the workers it forks, through their environment.

/** The boot the workers share: agent tasks' runner ids are `<boot>/<pid>`. */
export const CLUSTER_BOOT_ENV = 'CODITECT_BOOT';
/** For a worker that replaces a dead one: the dead one's runner id, whose tasks it interrupts. */
export const REPLACED_RUNNER_ENV = 'CODITECT_REPLACES_RUNNER';
/** The primary's terminal host socket (absent when terminals are off or the sandbox is unusable). */
export const TERMINAL_HOST_SOCKET_ENV = 'CODITECT_TERMINAL_HOST_SOCKET';
