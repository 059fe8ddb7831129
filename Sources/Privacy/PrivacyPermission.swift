import MadoguchiCore

/// The privacy module's permissions; `PrivacyModule.manifest` grants them to roles.
public enum PrivacyPermission {
    /// Register and decide residents' disclosure, correction and suspension requests.
    public static let manageRequests = Permission("privacy.requests.manage")
    /// Publish a resource the publish guard blocked, with a recorded reason.
    public static let overridePublishGuard = Permission("privacy.publish.override")
    /// See a My Number in full (otherwise it is shown masked).
    public static let viewMyNumber = Permission("privacy.my_number.view")
    /// Read and export the personal-information file register (the register itself is public).
    public static let manageRegister = Permission("privacy.register.manage")
    /// Run the scanner on uploaded files from the admin screens.
    public static let scanFiles = Permission("privacy.scan")
}
