using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Audit;

/// <summary>
/// The one change the append-only trigger allows (account deletion forgets who acted) is exactly
/// that change: anything else written under it is refused by the database.
/// </summary>
[Trait("Category", "Audit")]
public sealed class AuditAppendOnlyTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<long> PersonsEntryAsync(string details)
    {
        await using var db = app.Database.CreateContext();
        var entry = new AuditEntry
        {
            At = app.Clock.GetUtcNow(), ActorId = Guid.NewGuid().ToString(), Actor = "staff@example.com",
            Action = "test.person", SubjectUserId = Guid.NewGuid().ToString(), Target = "enrollment:x", Details = details,
        };
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync();
        return entry.Id;
    }

    private async Task<AuditEntry> ReadAsync(long id)
    {
        await using var db = app.Database.CreateContext();
        return await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == id);
    }

    [Fact]
    public async Task Forgetting_the_actor_of_a_persons_entry_is_allowed_and_changes_nothing_else()
    {
        var id = await PersonsEntryAsync("granted: a reason");
        await using (var db = app.Database.CreateContext())
        {
            var changed = await db.AuditEntries.Where(a => a.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, (string?)null).SetProperty(a => a.Actor, AuditActor.DeletedAccountName));
            Assert.Equal(1, changed);
        }
        var entry = await ReadAsync(id);
        Assert.Equal((null, AuditActor.DeletedAccountName, "granted: a reason"), (entry.ActorId, entry.Actor, entry.Details));
    }

    [Fact]
    public async Task Changing_the_details_under_the_account_deletion_exemption_is_refused()
    {
        var id = await PersonsEntryAsync("refund of 10.00 USD: duplicate purchase");
        await using (var db = app.Database.CreateContext())
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.AuditEntries.Where(a => a.Id == id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.ActorId, (string?)null)
                    .SetProperty(a => a.Actor, AuditActor.DeletedAccountName)
                    .SetProperty(a => a.Details, "nothing happened")));
            Assert.Contains("append-only", refused.MessageText);
        }
        var entry = await ReadAsync(id);
        Assert.Equal(("staff@example.com", "refund of 10.00 USD: duplicate purchase"), (entry.Actor, entry.Details));
        Assert.NotNull(entry.ActorId);
    }

    [Fact]
    public async Task Changing_the_action_subject_or_target_under_the_exemption_is_refused()
    {
        var id = await PersonsEntryAsync("kept");
        await using var db = app.Database.CreateContext();
        var forget = db.AuditEntries.Where(a => a.Id == id);
        await Assert.ThrowsAsync<PostgresException>(() => forget.ExecuteUpdateAsync(s => s
            .SetProperty(a => a.ActorId, (string?)null).SetProperty(a => a.Actor, AuditActor.DeletedAccountName).SetProperty(a => a.Action, "test.other")));
        await Assert.ThrowsAsync<PostgresException>(() => forget.ExecuteUpdateAsync(s => s
            .SetProperty(a => a.ActorId, (string?)null).SetProperty(a => a.Actor, AuditActor.DeletedAccountName).SetProperty(a => a.SubjectUserId, (string?)null)));
        await Assert.ThrowsAsync<PostgresException>(() => forget.ExecuteUpdateAsync(s => s
            .SetProperty(a => a.ActorId, (string?)null).SetProperty(a => a.Actor, AuditActor.DeletedAccountName).SetProperty(a => a.Target, "payment:y")));
        var entry = await ReadAsync(id);
        Assert.Equal(("staff@example.com", "test.person", "enrollment:x"), (entry.Actor, entry.Action, entry.Target));
    }
}
