using System.Text.RegularExpressions;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.UnitTests.Web;

/// <summary>
/// The app has one stylesheet of its own (wwwroot/app.css) and no Bootstrap: a Bootstrap class name in
/// markup (as the Identity template writes it) looks styled to a reader but is styled only by accident.
/// </summary>
[Trait("Category", "Web")]
public sealed partial class StylesheetClassTests
{
    // Bootstrap's names (3 to 5) that markup copied from templates carries. The app's own `card` and
    // `visually-hidden` (defined in app.css, used by tests' selectors) are deliberately not listed.
    [GeneratedRegex("""
        ^(btn|btn-.+|form-(control|label|select|floating|check|check-.+|text|group|range|horizontal|inline)|control-label|checkbox|radio
        |alert|alert-.+|row|col|col-.+|container|container-.+|nav|nav-(item|link|pills|tabs|fill|justified)|navbar|navbar-.+
        |text-(danger|success|info|warning|primary|secondary|muted|light|dark|body|center|start|end|left|right|nowrap|truncate)
        |bg-.+|[mp][tbsexy]?-([0-5]|auto)|[wh]-(25|50|75|100|auto)|mw-100|vh-100|d-.+|flex-.+|justify-content-.+|align-(items|self|content)-.+
        |float-.+|fw-.+|fst-.+|font-weight-.+|lead|small|badge|badge-.+|list-unstyled|list-inline|list-inline-item|list-group|list-group-.+
        |table|table-(striped|hover|bordered|borderless|sm|responsive|dark|light|active)|input-group|input-group-.+|glyphicon|glyphicon-.+
        |card-.+|dropdown|dropdown-.+|modal|modal-.+|shadow|shadow-.+|rounded|rounded-.+|border|border-.+|visually-hidden-focusable|sr-only|img-fluid|close|btn-close|spinner-.+)$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Bootstrap();

    // class="..." on elements and components; C# in the value (class="@(x ? "a" : "b")") is split into words too.
    [GeneratedRegex("""\b(?:class|ActiveClass)\s*=\s*"((?:[^"@]|@\((?:[^()]|\([^()]*\))*\)|@[\w.]+)*)"  """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ClassAttribute();

    [GeneratedRegex(@"[A-Za-z][\w-]*")]
    private static partial Regex Word();

    private static IEnumerable<(string File, string Name)> ClassNames()
    {
        var web = Path.Combine(TestPaths.RepositoryRoot, "src", "AnxiousToSecure.Web");
        foreach (var file in Directory.EnumerateFiles(web, "*.razor", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            foreach (Match attribute in ClassAttribute().Matches(File.ReadAllText(file)))
            {
                foreach (Match word in Word().Matches(attribute.Groups[1].Value))
                {
                    yield return (Path.GetRelativePath(web, file), word.Value);
                }
            }
        }
    }

    [Fact]
    public void No_razor_file_uses_a_Bootstrap_class_name()
    {
        var all = ClassNames().ToList();
        Assert.True(all.Count > 100, $"only {all.Count} class names found: the scan is broken");
        var bootstrap = all.Where(c => Bootstrap().IsMatch(c.Name)).Select(c => $"{c.File}: {c.Name}").Distinct().ToList();
        Assert.True(bootstrap.Count == 0, "Bootstrap class names (use the app's own from app.css):\n" + string.Join("\n", bootstrap));
    }

    [Theory]
    [InlineData("btn")]
    [InlineData("btn-primary")]
    [InlineData("form-control")]
    [InlineData("form-floating")]
    [InlineData("alert-warning")]
    [InlineData("col-md-4")]
    [InlineData("row")]
    [InlineData("nav-link")]
    [InlineData("text-danger")]
    [InlineData("mb-3")]
    [InlineData("w-100")]
    public void The_scan_knows_Bootstraps_names(string name) => Assert.Matches(Bootstrap(), name);

    [Theory]
    [InlineData("button")]
    [InlineData("field")]
    [InlineData("table-scroll")]
    [InlineData("nav-list")]
    [InlineData("card")]
    [InlineData("notice")]
    [InlineData("muted")]
    public void The_apps_own_names_pass(string name) => Assert.DoesNotMatch(Bootstrap(), name);
}
