import MadoguchiCore
import Vapor

extension Request {
    /// Today in Japan for a screen computed from what is posted: the day its cache key names when the
    /// front keyed it (`FrontComputedKey`), so an answer stored under that key was made for that day
    /// even across midnight; otherwise the cache's day (`PublicPageCache.day()`), or the clock's.
    var serviceToday: CivilDate {
        if let day = storage[FrontComputedKey.self]?.posted?.day { return CivilDate(dayNumber: day) }
        if let cache = application.publicPageCache { return CivilDate(dayNumber: cache.day()) }
        return CivilDate.today()
    }
}
