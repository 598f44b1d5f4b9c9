using System.Text.RegularExpressions;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.UnitTests.Security;

/// <summary>What ships in the repository is safe as it is: compose publishes nothing beyond this machine, no page sends account email itself.</summary>
[Trait("Category", "Security")]
public sealed partial class SafeDefaultsTests
{
    [Fact]
    public void Every_port_docker_compose_publishes_is_bound_to_127_0_0_1()
    {
        var compose = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "docker-compose.yml"));
        var ports = new List<string>();
        for (var i = 0; i < compose.Length; i++)
        {
            if (compose[i].Trim() != "ports:") continue;
            for (var j = i + 1; j < compose.Length && compose[j].TrimStart().StartsWith('-'); j++) ports.Add(compose[j].Trim().TrimStart('-').Trim().Trim('"'));
        }
        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.Matches(@"^127\.0\.0\.1:\d+:\d+$", p));
    }

    [Fact]
    public void No_page_sends_account_email_or_builds_its_link_itself()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "src", "AnxiousToSecure.Web"), "*.razor", SearchOption.AllDirectories);
        var offenders = pages.Where(p => SendsItself().IsMatch(File.ReadAllText(p)))
            .Select(p => Path.GetRelativePath(TestPaths.RepositoryRoot, p)).ToList();
        Assert.True(offenders.Count == 0, "Account email goes through AccountEmails (the queue), which builds links from Email:PublicBaseUrl: " + string.Join(", ", offenders));
    }

    [GeneratedRegex(@"IEmailSender<|IEmailTransport|Generate(EmailConfirmation|PasswordReset|ChangeEmail)TokenAsync")]
    private static partial Regex SendsItself();
}
