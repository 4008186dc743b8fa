import TranscriptIndex
import TwilioClient

/// A fetched transcript must carry the SID asked for (the client checks it).
extension TranscriptJSON: TwilioIdentified {}
