/// Marks dictionary types, which JSON decoders report for an expected object.
protocol JSONObjectType {}

extension Dictionary: JSONObjectType {}
