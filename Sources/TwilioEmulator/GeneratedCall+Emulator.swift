import TwilioCorpus

extension GeneratedCall {
    /// The recording's date_created as `recordingJSON()` renders it: the call's creation minus its duration.
    var recordingDateCreated: Int64 { dateCreated - Int64(durationSeconds) }

    var transcriptionPosition: ListPosition { ListPosition(time: dateUpdated, sid: transcriptionSid) }
    var recordingPosition: ListPosition { ListPosition(time: recordingDateCreated, sid: recordingSid) }
}
