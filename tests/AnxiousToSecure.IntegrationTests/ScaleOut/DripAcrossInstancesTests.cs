using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AnxiousToSecure.IntegrationTests.ScaleOut;

/// <summary>
/// Both instances' Hangfire servers sweep the same outbox at the same time: every due lesson email is
/// sent exactly once (counted at the SMTP server by Message-ID), whichever instance claimed it.
/// </summary>
[Trait("Category", "ScaleOut")]
[Collection(ScaleOutCollection.Name)]
public sealed class DripAcrossInstancesTests(TwoInstances cluster, ITestOutputHelper output)
{
    [Fact]
    public Task Two_hundred_due_emails_swept_by_both_instances_at_once_are_each_sent_exactly_once() => SweepAsync(200, requireBoth: false);

    [LongScaleOutFact]
    public Task Two_thousand_due_emails_swept_by_both_instances_at_once_are_each_sent_exactly_once() => SweepAsync(2000, requireBoth: true);

    private async Task SweepAsync(int count, bool requireBoth)
    {
        var students = await cluster.Database.SeedDueStudentsAsync(count);
        var expected = students.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var jobs = new ClusterJobs(cluster.Database.ConnectionString);
        var started = DateTime.UtcNow;
        // As the minute's schedule and a few purchases would: more sweeps than one instance runs at once.
        jobs.EnqueueSweeps(4);

        var until = DateTime.UtcNow.AddSeconds(count / 5 + 60);
        while (Received(expected).Select(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Count() < count)
        {
            Assert.True(DateTime.UtcNow < until, $"{Received(expected).Count} of {count} emails after {(DateTime.UtcNow - started).TotalSeconds:F0} s\n{cluster.Diagnostics()}");
            await Task.Delay(250);
        }
        var took = DateTime.UtcNow - started;
        // Anything still to come would be a duplicate: give it the time of a few more sends.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var mail = Received(expected);
        var byServer = await jobs.SentByServerAsync();
        output.WriteLine($"{count} due emails: {mail.Count} received in {took.TotalSeconds:F1} s; sent by server: {string.Join(", ", byServer.Select(s => $"{s.Key}={s.Value}"))}");
        var duplicates = mail.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, "sent twice: " + string.Join(", ", duplicates));
        Assert.Equal(count, mail.Count);
        Assert.Equal(count, mail.Select(m => m.To).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        await using (var db = cluster.Database.CreateContext())
        {
            var addresses = students.ToArray();
            var pending = await db.LessonReleases.CountAsync(r => addresses.Contains(r.Enrollment!.User!.Email!) && r.EmailStatus != DripEmailStatus.Sent);
            Assert.Equal(0, pending);
        }
        if (requireBoth) Assert.True(byServer.Count(s => s.Value > 0) >= 2, "only one instance sent: " + string.Join(", ", byServer));
    }

    private List<(string Id, string To)> Received(HashSet<string> students) =>
        [.. cluster.Mail.Messages.Select(m => (Id: m.MessageId ?? "", To: m.To.Mailboxes.First().Address)).Where(m => students.Contains(m.To))];
}
