export { createApp, type App, type AppOptions } from './app';
export { loadConfig, ConfigError, type Config } from './config';
export { startServer, VERSION, type RunningServer } from './server';
export { createLogger, type Logger } from './logger';
