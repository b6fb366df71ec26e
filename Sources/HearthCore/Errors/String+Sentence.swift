extension String {
    /// The text ending in a period (unless it already ends in `.`, `!` or `?`).
    var asSentence: String {
        guard let last else { return self }
        return ".!?".contains(last) ? self : self + "."
    }
}
