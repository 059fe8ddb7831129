import MadoguchiCore
import Vapor

/// Query-string parameters of pages, read through the one parser (`IntegerParameter`,
/// `TextParameter`): a value out of bounds is a `ParameterError`, which `PageErrorMiddleware`
/// answers with a 400 page naming the parameter.
extension Request {
    /// The raw text of a query parameter; a parameter given as a list or object (`page[]=1`) is
    /// not text and is refused by the parser.
    private func rawQueryValue(_ name: String) -> Any? {
        if let text = try? query.get(String.self, at: name) { return text }
        guard let url = URLComponents(string: self.url.string), let items = url.queryItems else { return nil }
        return items.contains { $0.name.hasPrefix(name + "[") } ? [String]() : nil
    }

    func query(_ parameter: IntegerParameter) throws(ParameterError) -> Int? { try parameter.parse(rawQueryValue(parameter.name)) }

    func query(_ parameter: IntegerParameter, default value: Int) throws(ParameterError) -> Int {
        try parameter.parse(rawQueryValue(parameter.name), default: value)
    }

    func query(_ parameter: TextParameter) throws(ParameterError) -> String? { try parameter.parse(rawQueryValue(parameter.name)) }
}
