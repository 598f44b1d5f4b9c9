using System.Globalization;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Catalog;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AnxiousToSecure.Core.Author.Content;

/// <summary>
/// Reads typed fields from one YAML mapping, so that every problem can name its file and line.
/// (Deserialising straight into a class would lose the line of a wrong value.)
/// </summary>
internal sealed partial class YamlFields
{
    private readonly string file;
    private readonly int lineOffset;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> fields = new(StringComparer.Ordinal);

    private YamlFields(string file, int lineOffset)
    {
        this.file = file;
        this.lineOffset = lineOffset;
    }

    /// <param name="lineOffset">Lines before the YAML text in the file (1 for front matter after '---').</param>
    public static YamlFields Parse(string file, string yaml, int lineOffset, IReadOnlyCollection<string> allowedKeys)
    {
        var stream = Load(file, yaml, lineOffset);

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            throw new ContentFormatException(file, 1 + lineOffset, "expected 'key: value' lines");
        }
        return FromMapping(file, map, lineOffset, allowedKeys);
    }

    /// <summary>Each item of a YAML list of mappings (a file that is one list, such as references.yml).</summary>
    public static List<YamlFields> ParseList(string file, string yaml, IReadOnlyCollection<string> allowedKeys)
    {
        var stream = Load(file, yaml, 0);
        if (stream.Documents.Count == 0) return [];
        if (stream.Documents[0].RootNode is not YamlSequenceNode list)
        {
            throw new ContentFormatException(file, 1, "expected a list of entries, each starting with '- '");
        }
        return [.. list.Children.Select(item => item is YamlMappingNode map
            ? FromMapping(file, map, 0, allowedKeys)
            : throw new ContentFormatException(file, (int)item.Start.Line, "expected 'key: value' lines in each entry"))];
    }

    private static YamlStream Load(string file, string yaml, int lineOffset)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ContentFormatException(file, (int)e.Start.Line + lineOffset, $"invalid YAML: {Innermost(e).Message}");
        }
        return stream;
    }

    private static YamlFields FromMapping(string file, YamlMappingNode map, int lineOffset, IReadOnlyCollection<string> allowedKeys)
    {
        var result = new YamlFields(file, lineOffset);
        foreach (var (key, value) in map.Children)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : "";
            if (!allowedKeys.Contains(name))
            {
                throw result.Error(key, $"unknown key '{name}' (allowed: {string.Join(", ", allowedKeys)})");
            }
            result.fields[name] = (key, value);
        }
        return result;
    }

    public string RequiredString(string key)
    {
        var value = OptionalString(key);
        return string.IsNullOrWhiteSpace(value) ? throw Missing(key) : value;
    }

    public string? OptionalString(string key)
    {
        if (!fields.TryGetValue(key, out var field)) return null;
        if (field.Value is not YamlScalarNode scalar) throw Error(field.Value, $"'{key}' must be text");
        var text = scalar.Value?.TrimEnd();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public string Slug(string key)
    {
        var value = RequiredString(key);
        return SlugPattern().IsMatch(value)
            ? value
            : throw Error(fields[key].Value, $"'{key}' must be lowercase letters, digits and single hyphens, not '{value}'");
    }

    public long Integer(string key, long min, long max)
    {
        var text = RequiredString(key);
        if (!long.TryParse(text, NumberStyles.None | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(fields[key].Value, $"'{key}' must be a whole number, not '{text}'");
        }
        return value < min || value > max
            ? throw Error(fields[key].Value, $"'{key}' must be between {min} and {max}, not {value}")
            : value;
    }

    /// <summary>A nested mapping (such as <c>author:</c>); null when the key is absent.</summary>
    public YamlFields? Mapping(string key, IReadOnlyCollection<string> allowedKeys)
    {
        if (!fields.TryGetValue(key, out var field)) return null;
        return field.Value is YamlMappingNode map
            ? FromMapping(file, map, lineOffset, allowedKeys)
            : throw Error(field.Value, $"'{key}' must be a block of 'key: value' lines indented under it");
    }

    /// <summary>A list of text items (<c>- "..."</c> lines); empty when the key is absent. Blank items are refused.</summary>
    public List<string> StringList(string key)
    {
        if (!fields.TryGetValue(key, out var field)) return [];
        if (field.Value is not YamlSequenceNode list) throw Error(field.Value, $"'{key}' must be a list of lines starting with '- '");
        return [.. list.Children.Select(item => item is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text)
            ? text.TrimEnd()
            : throw Error(item, $"each item of '{key}' must be non-empty text"))];
    }

    /// <summary>A list of mappings (<c>- question: ...</c>); empty when the key is absent.</summary>
    public List<YamlFields> MappingList(string key, IReadOnlyCollection<string> allowedKeys)
    {
        if (!fields.TryGetValue(key, out var field)) return [];
        if (field.Value is not YamlSequenceNode list) throw Error(field.Value, $"'{key}' must be a list of entries starting with '- '");
        return [.. list.Children.Select(item => item is YamlMappingNode map
            ? FromMapping(file, map, lineOffset, allowedKeys)
            : throw Error(item, $"each entry of '{key}' must be 'key: value' lines"))];
    }

    /// <summary>An optional true/false (false when absent).</summary>
    public bool OptionalBoolean(string key) => fields.ContainsKey(key) && Boolean(key);

    public bool Boolean(string key)
    {
        var text = RequiredString(key);
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw Error(fields[key].Value, $"'{key}' must be true or false, not '{text}'"),
        };
    }

    public ContentFormatException Error(string key, string problem) =>
        fields.TryGetValue(key, out var field) ? Error(field.Value, problem) : new ContentFormatException(file, 1 + lineOffset, problem);

    private ContentFormatException Error(YamlNode node, string problem) =>
        new(file, (int)node.Start.Line + lineOffset, problem);

    private ContentFormatException Missing(string key) =>
        fields.TryGetValue(key, out var field)
            ? Error(field.Value, $"'{key}' must not be empty")
            : new ContentFormatException(file, 1 + lineOffset, $"missing required key '{key}'");

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
