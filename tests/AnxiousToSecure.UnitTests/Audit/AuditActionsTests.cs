using System.Reflection;
using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.UnitTests.Audit;

[Trait("Category", "Audit")]
public sealed partial class AuditActionsTests
{
    [GeneratedRegex(@"^[a-z]+\.[a-z_]+$")]
    private static partial Regex Shape();

    /// <summary>Every action constant, with the prefix of the area class that holds it.</summary>
    private static IEnumerable<(string Area, string Prefix, string Name, string Value)> All() =>
        typeof(AuditActions).GetNestedTypes().SelectMany(area =>
        {
            var prefix = (string)area.GetField("Prefix")!.GetRawConstantValue()!;
            return area.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.Name != "Prefix")
                .Select(f => (area.Name, prefix, f.Name, (string)f.GetRawConstantValue()!));
        });

    [Fact]
    public void Every_action_is_area_dot_verb_under_its_areas_prefix_and_distinct()
    {
        var all = All().ToList();
        Assert.True(all.Count >= 30, $"only {all.Count} actions found");
        Assert.All(all, a => Assert.Matches(Shape(), a.Value));
        Assert.All(all, a => Assert.StartsWith(a.Prefix, a.Value));
        Assert.All(all, a => Assert.Equal(a.Area.ToLowerInvariant() + ".", a.Prefix));
        Assert.Equal(all.Count, all.Select(a => a.Value).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_names_already_in_the_log_keep_their_spelling()
    {
        // Rows written before these constants existed are read back by these strings.
        Assert.Equal("enrollment.unlocked_all", AuditActions.Enrollment.UnlockedAll);
        Assert.Equal("student.viewed", AuditActions.Student.Viewed);
        Assert.Equal("refund.requested", AuditActions.Refund.Requested);
        Assert.Equal("dispute.won", AuditActions.Dispute.Won);
    }

    [Fact]
    public void Every_refund_status_has_its_action()
    {
        foreach (var status in Enum.GetValues<RefundStatus>())
        {
            var action = AuditActions.Refund.Reached(status);
            Assert.Equal("refund." + status.ToString().ToLowerInvariant(), action);
            Assert.Contains(All(), a => a.Value == action);
        }
    }

    [Fact]
    public void The_readme_names_only_actions_that_exist()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var start = readme.IndexOf("Every admin action and where it is audited", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README's list of audited admin actions is gone");
        var end = readme.IndexOf("\n\n", start, StringComparison.Ordinal);
        var paragraph = readme[start..(end < 0 ? readme.Length : end)];

        // `refund.succeeded/pending/failed` names three actions.
        var named = Regex.Matches(paragraph, @"`([a-z]+)\.([a-z_/]+)`")
            .SelectMany(m => m.Groups[2].Value.Split('/').Select(verb => $"{m.Groups[1].Value}.{verb}"))
            .ToList();
        Assert.NotEmpty(named);
        var known = All().Select(a => a.Value).ToHashSet();
        Assert.All(named, n => Assert.Contains(n, known));
    }
}
