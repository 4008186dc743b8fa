import GRDB

/// Whether every document of the index belongs to one account: then a search's account filter is no filter.
enum AccountCoverage {
    /// Two probes of `documents_account_sid`: its lowest and its highest account SID (a document without one
    /// sorts lowest, as NULL) are both `account`.
    static func isEveryDocument(of account: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT account_sid FROM documents INDEXED BY documents_account_sid ORDER BY account_sid LIMIT 1) IS ?1
               AND (SELECT account_sid FROM documents INDEXED BY documents_account_sid ORDER BY account_sid DESC LIMIT 1) IS ?1
            """), arguments: [account]) ?? false
    }
}
