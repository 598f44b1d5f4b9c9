using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.IntegrationTests.Data;

/// <summary>The one way to join or begin a transaction: commits what returns, rolls back what throws, and joins an open one.</summary>
[Trait("Category", "Data")]
public sealed class DbTransactionsTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static void Note(AppDbContext db, string action) =>
        AuditLog.Write(db, TimeProvider.System, AuditActor.System, action, null, "test:transactions");

    private async Task<bool> WrittenAsync(string action)
    {
        await using var db = app.Database.CreateContext();
        return await db.AuditEntries.AnyAsync(a => a.Action == action);
    }

    [Fact]
    public async Task Work_that_returns_is_committed_and_work_that_throws_is_rolled_back()
    {
        await using (var db = app.Database.CreateContext())
        {
            await db.InTransactionAsync(async ct =>
            {
                Note(db, "tx.committed");
                await db.SaveChangesAsync(ct);
            });
        }
        await using (var db = app.Database.CreateContext())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync(async ct =>
            {
                Note(db, "tx.thrown");
                await db.SaveChangesAsync(ct);
                throw new InvalidOperationException("after the save");
            }));
            Assert.Null(db.Database.CurrentTransaction);
        }

        Assert.True(await WrittenAsync("tx.committed"));
        Assert.False(await WrittenAsync("tx.thrown"));
    }

    [Fact]
    public async Task A_result_refused_by_commitIf_is_rolled_back()
    {
        await using var db = app.Database.CreateContext();
        var result = await db.InTransactionAsync(async ct =>
        {
            Note(db, "tx.refused");
            await db.SaveChangesAsync(ct);
            return "refused";
        }, commitIf: r => r != "refused");

        Assert.Equal("refused", result);
        Assert.False(await WrittenAsync("tx.refused"));
    }

    [Fact]
    public async Task Inside_an_open_transaction_the_work_joins_it_and_its_owner_decides()
    {
        await using var db = app.Database.CreateContext();
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync(async ct =>
        {
            var outer = db.Database.CurrentTransaction;
            await db.InTransactionAsync(async ct =>
            {
                Assert.Same(outer, db.Database.CurrentTransaction);
                Note(db, "tx.joined");
                await db.SaveChangesAsync(ct);
            }, ct);
            // The inner call did not commit: the outer one still owns the transaction.
            Assert.Same(outer, db.Database.CurrentTransaction);
            throw new InvalidOperationException("the owner fails after the joined work");
        }));

        Assert.False(await WrittenAsync("tx.joined"));
    }

    [Fact]
    public async Task A_refused_result_inside_an_open_transaction_undoes_only_its_own_work()
    {
        await using var db = app.Database.CreateContext();
        await db.InTransactionAsync(async ct =>
        {
            Note(db, "tx.owner");
            await db.SaveChangesAsync(ct);
            var result = await db.InTransactionAsync(async ct =>
            {
                Note(db, "tx.joined-refused");
                await db.SaveChangesAsync(ct);
                return false;
            }, commitIf: ok => ok, ct);
            Assert.False(result);
            db.ChangeTracker.Clear();
        });

        Assert.True(await WrittenAsync("tx.owner"));
        Assert.False(await WrittenAsync("tx.joined-refused"));
    }
}
