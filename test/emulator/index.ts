// Entry point for tests and scripts: importing it installs every emulated API.
import './modules';
export { startEmulator, type Emulator, type EmulatorOptions } from './server';
export type { RegisteredClient, Fault } from './state';
