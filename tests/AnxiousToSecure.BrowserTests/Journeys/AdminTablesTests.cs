using System.Text.Json;
using AnxiousToSecure.BrowserTests.Infrastructure;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AnxiousToSecure.BrowserTests.Journeys;

/// <summary>
/// Issue 17, point 10: on a phone the admin's tables are cards (each cell on its own line after its
/// column's name), nothing is cut off and the buttons stay thumb-sized; to a screen reader they are still
/// tables with headers. On a laptop they are the tables they were, and no table needs a sideways scroll.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AdminTablesTests(BrowserApp app, ITestOutputHelper output) : BrowserTest(app, output)
{
    /// <summary>What one table.cards looks like in the browser, measured by <see cref="MeasureScript"/>.</summary>
    private sealed record TableShape(string Id, int Rows, double Width, double BoxWidth, double ScrollWidth, bool HeaderShown, string RowDisplay, string[] Problems);

    // For every table.cards: each visible cell's label is its column's header and is shown before the value;
    // each row (a card on a phone) fits the screen. Problems are returned as sentences.
    private const string MeasureScript = """
        () => [...document.querySelectorAll('table.cards')].map(t => {
          const headers = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim());
          const rows = [...t.querySelectorAll('tbody tr')];
          const problems = [];
          const phone = matchMedia('(max-width: 40rem)').matches;
          rows.forEach((tr, r) => {
            const box = tr.getBoundingClientRect();
            if (box.left < 0 || box.right > window.innerWidth) problems.push(`row ${r + 1} spans ${box.left}..${box.right} px`);
            [...tr.cells].forEach((td, c) => {
              const label = td.dataset.label;
              if (label !== headers[c]) problems.push(`row ${r + 1} cell ${c + 1} is labelled '${label}', its column '${headers[c]}'`);
              if (td.getClientRects().length === 0) return; // an empty cell is not shown on a card
              const before = getComputedStyle(td, '::before').content;
              if (phone && !before.includes(label)) problems.push(`row ${r + 1} cell ${c + 1} shows '${before}' before its value, not '${label}'`);
              if (!phone && before !== 'none' && before !== 'normal') problems.push(`row ${r + 1} cell ${c + 1} shows a label on a laptop: ${before}`);
              if (phone && td.textContent.trim() === '' && !td.querySelector('button, a')) problems.push(`row ${r + 1} cell ${c + 1} is an empty card line`);
            });
          });
          const head = t.tHead.getBoundingClientRect();
          return { id: t.id, rows: rows.length, width: t.getBoundingClientRect().width, boxWidth: t.parentElement.clientWidth, scrollWidth: t.parentElement.scrollWidth,
                   headerShown: head.width > 1 && head.height > 1, rowDisplay: rows.length ? getComputedStyle(rows[0]).display : '', problems };
        })
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Admin_tables_are_cards_on_a_phone_and_tables_on_a_laptop(bool phone) => JourneyAsync(async () =>
    {
        var (studentId, paymentId) = await SeedStudentWithHistoryAsync();
        var page = await NewPageAsync(phone);
        var width = page.ViewportSize!.Width;
        await SignInAsync(page, App.BaseUrl, await App.CreateUserAsync(Roles.Admin));

        foreach (var (path, shot) in new[]
                 {
                     ("/admin/people", "people"), ("/admin/payments", "payments"), ($"/admin/payments/{paymentId}", "payment"),
                     ("/admin/enrollments", "enrollments"), ("/admin/emails", "emails"), ("/admin/disputes", "disputes"),
                     ($"/admin/students/{studentId}", "student"),
                 })
        {
            await page.GotoAsync(Url(path));
            await Expect(page.Locator("table.cards tbody tr").First).ToBeAttachedAsync();
            await AssertFitsAsync(page, width, path);
            var tables = JsonSerializer.Deserialize<TableShape[]>(
                (await page.EvaluateAsync(MeasureScript))!.Value.GetRawText(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            Assert.NotEmpty(tables);
            foreach (var t in tables)
            {
                Assert.True(t.Rows > 0, $"{path}: table {t.Id} has no rows");
                Assert.True(t.Problems.Length == 0, $"{path}, table {t.Id}: " + string.Join("; ", t.Problems));
                // Nothing scrolls sideways: on a phone the cards fit, on a laptop the table does.
                Assert.True(t.ScrollWidth <= t.BoxWidth, $"{path}: table {t.Id} ({t.Width} px) makes its box {t.ScrollWidth} px wide, not {t.BoxWidth}");
                if (phone)
                {
                    Assert.False(t.HeaderShown, $"{path}: table {t.Id} shows its header row on a phone");
                    Assert.Equal("block", t.RowDisplay);
                }
                else
                {
                    Assert.True(t.HeaderShown, $"{path}: table {t.Id} hides its header row on a laptop");
                    Assert.Equal("table-row", t.RowDisplay);
                }
            }
            await AssertTablesReadAsTablesAsync(page, path);
            if (phone)
            {
                foreach (var control in await page.Locator("table.cards td :is(button, a)").AllAsync())
                {
                    await AssertTappableAsync(control);
                }
            }
            await AssertAccessibleAsync(page, path);
            await ShotAsync(page, $"tables-{shot}-{width}");
            if (!phone)
            {
                // No table scrolls sideways inside the page, so a narrow laptop or a tablet held upright must fit too.
                await page.SetViewportSizeAsync(660, 900);
                await AssertFitsAsync(page, 660, path + " at 660 px");
                await page.SetViewportSizeAsync(width, 900);
            }
        }

        // A button on a card still works: retrying her failed email from her page.
        await page.Locator("#emails button[name='Input.EmailId']").First.ScrollIntoViewIfNeededAsync();
        await page.Locator("#reason-retry").FillAsync("Her mailbox is back");
        var retry = page.Locator("#emails").GetByRole(AriaRole.Button, new() { Name = "Retry" });
        if (phone) await TapAsync(retry); else await retry.ClickAsync();
        await Expect(page.Locator("#action-message")).ToBeVisibleAsync();
        await Expect(page.Locator("#emails").GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
    });

    /// <summary>
    /// Chromium's own accessibility tree (what a screen reader gets), not the markup: the cards are still
    /// tables, with column headers and cells.
    /// </summary>
    private static async Task AssertTablesReadAsTablesAsync(IPage page, string path)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var tree = await cdp.SendAsync("Accessibility.getFullAXTree");
        await cdp.DetachAsync();
        var roles = tree!.Value.GetProperty("nodes").EnumerateArray()
            .Where(n => n.TryGetProperty("role", out var r) && r.TryGetProperty("value", out _))
            .Select(n => n.GetProperty("role").GetProperty("value").GetString())
            .ToList();
        foreach (var role in new[] { "table", "row", "columnheader", "cell" })
        {
            Assert.True(roles.Contains(role), $"{path}: no {role} in the accessibility tree ({string.Join(", ", roles.Distinct())})");
        }
    }

    /// <summary>
    /// A student with something in every table: a purchase with a refund Stripe has not confirmed and a
    /// dispute she lost, lesson emails sent, retrying and failed, and progress. Written straight to the
    /// database: how each got there is other journeys' business.
    /// </summary>
    private async Task<(string StudentId, Guid PaymentId)> SeedStudentWithHistoryAsync()
    {
        var now = App.Clock.GetUtcNow();
        var started = now.AddDays(-10);
        var email = $"cards{Guid.NewGuid():N}@example.com";
        var student = await App.CreateStudentAsync(email, started);
        await using var db = App.Database.CreateContext();
        await db.Users.Where(u => u.Id == student.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "Jane Example"));
        var enrollment = await db.Enrollments.SingleAsync(e => e.UserId == student.Id);
        enrollment.Source = EnrollmentSource.Purchase;
        var course = await db.Courses.SingleAsync();
        var key = Guid.NewGuid().ToString("N");
        var payment = new Payment
        {
            Id = Guid.NewGuid(), UserId = student.Id, CourseId = course.Id, EnrollmentId = enrollment.Id,
            CheckoutSessionId = $"cs_test_{key}", PaymentIntentId = $"pi_test_{key}", AmountMinor = course.PriceMinor, Currency = course.Currency,
            Status = PaymentStatus.Paid, CreatedAt = started, PaidAt = started, UpdatedAt = started,
        };
        payment.Refunds.Add(new Refund
        {
            Id = Guid.NewGuid(), AmountMinor = 2000, Reason = "She asked for part of it back", Status = RefundStatus.Requested,
            FailureReason = "Stripe did not answer in time.", CreatedAt = now.AddDays(-1), UpdatedAt = now.AddDays(-1),
        });
        db.Payments.Add(payment);
        db.Disputes.Add(new Dispute
        {
            StripeDisputeId = $"dp_test_{key}", PaymentId = payment.Id, ChargeId = $"ch_test_{key}", AmountMinor = 500, Currency = course.Currency,
            Reason = "duplicate", Status = "won", EvidenceDueBy = now.AddDays(-3), CreatedAt = now.AddDays(-8), ClosedAt = now.AddDays(-2),
        });

        var lessons = await db.Lessons.Where(l => l.CourseId == course.Id && l.Published && l.ReleaseAfterDays <= 10)
            .OrderBy(l => l.ReleaseAfterDays).ThenBy(l => l.Module!.Position).ThenBy(l => l.Position).Take(3).ToListAsync();
        Assert.Equal(3, lessons.Count);
        db.LessonReleases.AddRange(
            new LessonRelease { EnrollmentId = enrollment.Id, LessonId = lessons[0].Id, ReleasedAt = started, EmailStatus = DripEmailStatus.Sent, Attempts = 1, SentAt = started },
            new LessonRelease
            {
                EnrollmentId = enrollment.Id, LessonId = lessons[1].Id, ReleasedAt = started.AddDays(lessons[1].ReleaseAfterDays), EmailStatus = DripEmailStatus.Failed,
                Attempts = 5, LastError = "550 5.1.1 mailbox unavailable: the recipient's server refused the message",
            },
            new LessonRelease
            {
                EnrollmentId = enrollment.Id, LessonId = lessons[2].Id, ReleasedAt = started.AddDays(lessons[2].ReleaseAfterDays), EmailStatus = DripEmailStatus.Pending,
                Attempts = 1, NextAttemptAt = now.AddDays(30), LastError = "421 try again later",
            });
        db.LessonProgress.Add(new LessonProgress { EnrollmentId = enrollment.Id, LessonId = lessons[0].Id, LastViewedAt = started.AddHours(2), CompletedAt = started.AddHours(2) });
        await db.SaveChangesAsync();
        return (student.Id, payment.Id);
    }
}
