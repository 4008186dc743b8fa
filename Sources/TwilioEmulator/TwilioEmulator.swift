// Filled by the emulator work.
