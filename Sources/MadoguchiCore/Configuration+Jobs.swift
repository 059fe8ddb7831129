extension Configuration {
    /// The configured interval of a declared background job, by the setting it names
    /// (`BackgroundJobDeclaration.intervalSetting`); nil for a setting the configuration does not
    /// know (the job then does not run, and the server says so).
    public func jobIntervalSeconds(setting: String) -> Int? {
        switch setting {
        case "MADOGUCHI_MAIL_INTERVAL_SECONDS": mail.intervalSeconds
        case "MADOGUCHI_RETENTION_INTERVAL_SECONDS": retentionIntervalSeconds
        default: nil
        }
    }
}
