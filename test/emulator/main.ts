import { startEmulator } from './server';
import './modules';

// `npm run emulator`: starts the emulator and prints its URL. Port from AIO_EMULATOR_PORT (default: free).
async function run(): Promise<void> {
  const port = Number(process.env.AIO_EMULATOR_PORT ?? 0);
  const emulator = await startEmulator({ port });
  process.stdout.write(`Adobe emulator listening on ${emulator.url}\n`);
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void run();
