import Catalog
import Vapor

extension Request {
    /// The municipality's catalogue as CKAN objects (`Catalog.CKANReadModel`), for the CKAN API, the
    /// public dataset pages and DCAT.
    func ckanReadModel() throws -> CKANReadModel {
        CKANReadModel(municipalityID: try municipality.requireID(), siteURL: try ckanSiteURL(), on: db)
    }

    /// `<public URL>/{code}`: the CKAN base URL of this municipality's catalogue. Built on the
    /// configured public address, never on the request's Host header (which the client chooses).
    func ckanSiteURL() throws -> String {
        "\(madoguchi.configuration.publicURL)/\(try municipality.code)"
    }
}
