print("twilio-emulator")
