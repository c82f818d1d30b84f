// Installs every emulated Adobe API into MODULES. Import this module once before starting an emulator.
// Feature modules (IMS, Journey, Campaign, CJA) add their `MODULES.push(...)` import here.
import './ims';
import './journey';
import './campaign';
import './cja';
import './partner';
