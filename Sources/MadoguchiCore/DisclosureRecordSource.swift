/// A module's source of personal records for disclosure requests (開示請求等), as its manifest
/// declares it. Core knows only which file it searches; Privacy's `PersonalRecordSource` refines
/// this with the search itself (it needs the field cipher), and the privacy officer's screen asks
/// every declared source.
public protocol DisclosureRecordSource: Sendable {
    /// The `PersonalInformationFileDeclaration.id` whose records it finds.
    var fileID: String { get }
}
