/// The `type` cell as pyxform reads it: every type and old spelling it accepts, with
/// `or_other`. What it does not accept is refused here too.
package enum XLSFormTypes {
    /// A parsed `type` cell: the type, and for selects whether "other" may be typed in.
    package struct Parsed: Equatable, Sendable {
        package var type: QuestionType
        package var orOther = false
    }

    package enum Failure: Error, Equatable, Sendable {
        case unknown
        /// A select type without its list name (`select_one` alone).
        case missingList
    }

    package static func parse(_ raw: String) -> Result<Parsed, Failure> {
        var words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { return .failure(.unknown) }
        var orOther = false
        if words.count >= 2, words.last == "or_other" { orOther = true; words.removeLast() }
        else if words.count >= 4, words.suffix(3) == ["or", "specify", "other"] { orOther = true; words.removeLast(3) }
        let text = words.joined(separator: " ")

        // begin/end of groups, repeats and loops ("begin group", "begin_group", "begin loop over X").
        switch text.lowercased() {
        case "begin group", "begin_group": return .success(Parsed(type: .beginGroup))
        case "end group", "end_group": return .success(Parsed(type: .endGroup))
        case "begin repeat", "begin_repeat", "begin lgroup", "begin looped group": return .success(Parsed(type: .beginRepeat))
        case "end repeat", "end_repeat", "end lgroup", "end looped group", "end loop", "end_loop":
            return .success(Parsed(type: .endRepeat))
        default: break
        }
        if words.count == 4, ["begin loop over", "begin_loop over"].contains(words.prefix(3).joined(separator: " ").lowercased()) {
            return .success(Parsed(type: .beginRepeat))
        }

        for (prefix, kind) in selectPrefixes where text.hasPrefix(prefix + " ") || text == prefix {
            let rest = text.dropFirst(prefix.count).split(separator: " ").map(String.init)
            guard rest.count == 1 else { return .failure(rest.isEmpty ? .missingList : .unknown) }
            return .success(Parsed(type: make(kind, rest[0]), orOther: orOther))
        }
        guard !orOther else { return .failure(.unknown) }
        // An OpenStreetMap question with its list of tags (`osm building_tags`), never scored.
        if words.count == 2, words[0].lowercased() == "osm" { return .success(Parsed(type: .other("osm"))) }
        if let type = simple[text] { return .success(Parsed(type: type)) }
        if let meta = metadata[text] { return .success(Parsed(type: .metadata(meta))) }
        if others.contains(text) { return .success(Parsed(type: .other(text))) }
        return .failure(.unknown)
    }

    private enum SelectKind: Sendable { case one, multiple, oneFromFile, multipleFromFile, external, rank }

    /// Longest first, so that "select one from file" is not read as "select one" + "from file".
    private static let selectPrefixes: [(String, SelectKind)] = [
        ("add select multiple prompt using", .multiple), ("add select one prompt using", .one),
        ("select_multiple_from_file", .multipleFromFile), ("select multiple from file", .multipleFromFile),
        ("select_one_from_file", .oneFromFile), ("select one from file", .oneFromFile),
        ("select all that apply from", .multiple), ("select all that apply", .multiple),
        ("select multiple using", .multiple), ("select multiple from", .multiple),
        ("select_one_external", .external), ("select one external", .external),
        ("select_multiple", .multiple), ("select one using", .one), ("select one from", .one),
        ("select_one", .one), ("select one", .one), ("select1", .one), ("rank", .rank),
    ]

    private static func make(_ kind: SelectKind, _ list: String) -> QuestionType {
        switch kind {
        case .one: return .selectOne(list: list)
        case .multiple: return .selectMultiple(list: list)
        case .oneFromFile: return .selectOneFromFile(file: list)
        case .multipleFromFile: return .other("select_multiple_from_file " + list)
        case .external: return .other("select_one_external " + list)
        case .rank: return .rank(list: list)
        }
    }

    private static let simple: [String: QuestionType] = [
        "integer": .integer, "int": .integer, "q int": .integer, "add integer prompt": .integer,
        "decimal": .decimal, "q decimal": .decimal, "add decimal prompt": .decimal,
        "text": .text, "string": .text, "q string": .text, "add text prompt": .text,
        "note": .note, "q note": .note, "add note prompt": .note,
        "calculate": .calculate, "q calculate": .calculate, "add calculate prompt": .calculate,
        "date": .date, "q date": .date, "add date prompt": .date,
        "time": .time,
        "dateTime": .dateTime, "datetime": .dateTime, "date time": .dateTime, "q dateTime": .dateTime,
        "q date time": .dateTime, "add dateTime prompt": .dateTime, "add date time prompt": .dateTime,
        "range": .range(list: ""),
    ]

    /// Metadata the survey tool fills in, by every spelling, to one name.
    private static let metadata: [String: String] = [
        "start": "start", "start time": "start", "get start time": "start",
        "end": "end", "end time": "end", "get end time": "end",
        "today": "today", "get today": "today",
        "deviceid": "deviceid", "device id": "deviceid", "get device id": "deviceid", "imei": "deviceid",
        "uri:deviceid": "deviceid",
        "subscriberid": "subscriberid", "subscriber id": "subscriberid", "get subscriber id": "subscriberid",
        "uri:subscriberid": "subscriberid",
        "simserial": "simserial", "sim id": "simserial", "get sim id": "simserial", "uri:simserial": "simserial",
        "phonenumber": "phonenumber", "phone number": "phonenumber", "get phone number": "phonenumber",
        "uri:phonenumber": "phonenumber",
        "username": "username", "uri:username": "username", "email": "email", "uri:email": "email",
        "audit": "audit", "start-geopoint": "start-geopoint", "background-audio": "background-audio",
        "background-geopoint": "background-geopoint",
    ]

    /// Types pyxform accepts that carry no score.
    private static let others: Set<String> = [
        "geopoint", "geotrace", "geoshape", "gps", "location", "q geopoint", "q geotrace", "q geoshape",
        "q location", "add location prompt",
        "image", "photo", "q image", "q picture", "add image prompt", "add photo prompt",
        "audio", "q audio", "add audio prompt", "video", "q video", "add video prompt",
        "file", "add file prompt", "barcode", "q barcode", "add barcode prompt",
        "acknowledge", "q acknowledge", "add acknowledge prompt", "trigger",
        "hidden", "xml-external", "csv-external", "osm", "percentage",
        "number of days in last month", "number of days in last six months", "number of days in last year",
    ]

    /// Types that declare data for the form, not a question: no answer column.
    static let withoutAnswer: Set<String> = ["xml-external", "csv-external"]
}
