// Filled by the Twilio client work.
