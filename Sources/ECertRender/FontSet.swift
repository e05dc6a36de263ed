import CCairo
import CPango
import Foundation

/// The fonts of `fonts/`, registered with a private fontconfig configuration that knows no system
/// fonts, so every machine shapes and embeds exactly the same glyphs.
final class FontSet {
    private let config: OpaquePointer  // FcConfig*
    private let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer  // PangoContext*
    let families: Set<String>
    let directory: String
    /// Every character some bundled font has a glyph for (FcCharSet*).
    private let coverage: OpaquePointer

    init(directory: URL) throws {
        self.directory = directory.path
        guard let config = FcConfigCreate() else { throw RenderError.fontsNotLoaded(directory: directory.path) }
        self.config = config
        // Only a cache location: no system font folders, so nothing outside fonts/ is ever used.
        _ = FcConfigParseAndLoadFromMemory(config, Self.configXML, FcFalse)
        guard FcConfigAppFontAddDir(config, directory.path) == FcTrue else {
            FcConfigDestroy(config)
            throw RenderError.fontsNotLoaded(directory: directory.path)
        }
        families = Self.familyNames(in: config)
        guard !families.isEmpty else {
            FcConfigDestroy(config)
            throw RenderError.fontsNotLoaded(directory: directory.path)
        }
        coverage = Self.coverage(of: config)
        fontMap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)
        pango_fc_font_map_set_config(OpaquePointer(fontMap), config)
        context = pango_font_map_create_context(fontMap)

        // Layout is computed in PDF points with unhinted metrics: positions then depend only on the
        // font files, not on the output device.
        pango_cairo_context_set_resolution(context, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
    }

    private static let configXML = """
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig><cachedir prefix="xdg">fontconfig</cachedir></fontconfig>
        """

    deinit {
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
        FcConfigDestroy(config)
        FcCharSetDestroy(coverage)
    }

    /// Whether a bundled font can draw `scalar`; without one Pango draws a box with its hex code.
    func hasGlyph(_ scalar: Unicode.Scalar) -> Bool {
        FcCharSetHasChar(coverage, scalar.value) == FcTrue
    }

    private static func coverage(of config: OpaquePointer) -> OpaquePointer {
        let union = FcCharSetCreate()!
        guard let fonts = FcConfigGetFonts(config, FcSetApplication) else { return union }
        let set = fonts.pointee
        for i in 0..<Int(set.nfont) {
            var charset: OpaquePointer?
            if let pattern = set.fonts[i], FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch, let charset {
                FcCharSetMerge(union, charset, nil)
            }
        }
        return union
    }

    /// Tried in this order after the template's font for any character it lacks, so a name in any
    /// bundled script renders without template changes (fonts/README.md).
    static let fallbackFamilies = ["Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Thai", "Noto Sans Khmer",
                                   "Noto Sans Lao", "Noto Sans Myanmar", "Noto Sans Devanagari", "Noto Sans CJK JP"]

    /// The Pango family list of a text element: its own font first, then the fallbacks present.
    func familyList(primary: String) -> String {
        ([primary] + Self.fallbackFamilies.filter { $0 != primary && families.contains($0) }).joined(separator: ",")
    }

    func requireFamily(_ family: String) throws {
        guard families.contains(family) else { throw RenderError.fontMissing(family: family, directory: directory) }
    }

    private static func familyNames(in config: OpaquePointer) -> Set<String> {
        guard let fonts = FcConfigGetFonts(config, FcSetApplication) else { return [] }
        var names: Set<String> = []
        let set = fonts.pointee
        for i in 0..<Int(set.nfont) {
            var value: UnsafeMutablePointer<FcChar8>?
            if let pattern = set.fonts[i], FcPatternGetString(pattern, FC_FAMILY, 0, &value) == FcResultMatch, let value {
                names.insert(String(cString: value))
            }
        }
        return names
    }
}
