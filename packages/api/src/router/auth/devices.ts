import { procedure } from '../../procedure';
import {
  listDevices,
  revokeDevice as signOutDevice,
  revokeOtherDevices as signOutOthers,
} from '../../domain/identity/device-service';
import { authContract } from '../../contract/auth';

export const devices = procedure(authContract.devices).query(({ ctx }) => listDevices(ctx));

export const revokeDevice = procedure(authContract.revokeDevice).mutation(async ({ ctx, input }) => {
  await signOutDevice(ctx, input.device_id);
  return { message: 'The device is signed out' };
});

export const revokeOtherDevices = procedure(authContract.revokeOtherDevices).mutation(({ ctx }) => signOutOthers(ctx));
