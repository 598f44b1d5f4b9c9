using System.Net;
using System.Text.Json;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Settings;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.IntegrationTests.Admin;
using AnxiousToSecure.IntegrationTests.Checkout;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Accounts;

/// <summary>"Download my data" holds what it promises; "delete my account" leaves nothing personal behind.</summary>
[Trait("Category", "Accounts")]
public sealed class PersonalDataTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    private const string Reflection = "Writing this down helps me notice the alarm before it takes over.";

    /// <summary>A student who bought the course, read and completed lesson 1, got its email and wrote in her journal.</summary>
    private async Task<(BrowserlessClient Client, Core.Data.ApplicationUser User)> FullStudentAsync()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        await App.Services.GetRequiredService<DripSweeper>().ExecuteAsync();
        var (_, lesson) = await client.GetAsync("/learn/welcome");
        await client.SubmitAsync(lesson, "form.journal-form", "/learn/welcome", new Dictionary<string, string> { ["text"] = Reflection });
        (_, lesson) = await client.GetAsync("/learn/welcome");
        await client.SubmitAsync(lesson, "form.complete-form", "/learn/welcome");
        return (client, student);
    }

    [Fact]
    public async Task Download_my_data_contains_profile_enrollment_progress_purchases_and_journal()
    {
        var (client, student) = await FullStudentAsync();
        var (_, page) = await client.GetAsync("/Account/Manage/PersonalData");
        var response = await client.SubmitAsync(page, "form#download-data", "/Account/Manage/PersonalData");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(student.Email, root.GetProperty("Profile").GetProperty("Email").GetString());
        Assert.Equal("Active", root.GetProperty("Enrollments")[0].GetProperty("Status").GetString());
        var progress = root.GetProperty("Progress")[0];
        Assert.Equal(JsonValueKind.String, progress.GetProperty("CompletedAt").ValueKind);
        Assert.Equal("Paid", root.GetProperty("Purchases")[0].GetProperty("Status").GetString());
        Assert.Equal("Sent", root.GetProperty("LessonEmails")[0].GetProperty("EmailStatus").GetString());
        Assert.Equal(Reflection, root.GetProperty("Journal")[0].GetProperty("Text").GetString());
    }

    [Fact]
    public async Task Download_my_data_contains_her_refund_requests_and_the_gifts_she_gave()
    {
        var (client, student) = await FullStudentAsync();
        var now = App.Clock.GetUtcNow();
        await using (var db = App.Database.CreateContext())
        {
            var payment = await db.Payments.SingleAsync(p => p.UserId == student.Id);
            db.RefundRequests.Add(new RefundRequest { Id = Guid.NewGuid(), PaymentId = payment.Id, CreatedAt = now });
            db.Gifts.Add(new Gift
            {
                Id = Guid.NewGuid(), PaymentId = payment.Id, BuyerId = student.Id, CourseId = payment.CourseId,
                RecipientEmail = "sister@example.com", NormalizedRecipientEmail = "SISTER@EXAMPLE.COM", Message = "For the quiet mornings.",
                DeliverOn = DateOnly.FromDateTime(now.UtcDateTime), Status = GiftStatus.Sent, SentAt = now, CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        var (_, page) = await client.GetAsync("/Account/Manage/PersonalData");
        var response = await client.SubmitAsync(page, "form#download-data", "/Account/Manage/PersonalData");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("RefundRequests").GetArrayLength());
        var gift = root.GetProperty("GiftsGiven")[0];
        Assert.Equal(("sister@example.com", "For the quiet mornings.", "Sent"),
            (gift.GetProperty("RecipientEmail").GetString(), gift.GetProperty("Message").GetString(), gift.GetProperty("Status").GetString()));
        Assert.Equal(0, root.GetProperty("PaymentPlans").GetArrayLength());
    }

    [Fact]
    public async Task Deleting_the_account_erases_personal_data_and_keeps_payments_detached()
    {
        var (client, student) = await FullStudentAsync();
        Guid paymentId;
        await using (var db = App.Database.CreateContext())
        {
            paymentId = (await db.Payments.SingleAsync(p => p.UserId == student.Id)).Id;
        }

        var (_, page) = await client.GetAsync("/Account/Manage/DeletePersonalData");
        var wrong = await client.SubmitAsync(page, "form#delete-account", "/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = "not-my-password" });
        await using (var db = App.Database.CreateContext()) Assert.True(await db.Users.AnyAsync(u => u.Id == student.Id), $"{wrong.StatusCode}");

        var deleted = await client.SubmitAsync(page, "form#delete-account", "/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        await using (var db = App.Database.CreateContext())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Id == student.Id));
            Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == student.Id));
            Assert.False(await db.Enrollments.AnyAsync(e => e.UserId == student.Id));
            Assert.False(await db.JournalEntries.AnyAsync(e => e.UserId == student.Id));
            Assert.False(await db.LessonProgress.AnyAsync(p => p.Enrollment!.UserId == student.Id));
            var payment = await db.Payments.SingleAsync(p => p.Id == paymentId);
            Assert.Null(payment.UserId);
            Assert.Null(payment.EnrollmentId);
            Assert.Equal(PaymentStatus.Paid, payment.Status);

            // No table keeps her email or id in its text.
            foreach (var needle in new[] { student.Email!, student.Id })
            {
                var found = await db.Database.SqlQuery<int>($"""
                    SELECT (SELECT count(*) FROM "StripeEvents" WHERE "Payload"::text LIKE '%' || {needle} || '%')
                         + (SELECT count(*) FROM "AuditEntries" WHERE "Actor" = {needle} OR "ActorId" = {needle} OR coalesce("Details", '') LIKE '%' || {needle} || '%')
                         + (SELECT count(*) FROM "Payments" WHERE coalesce("UserId", '') = {needle})
                    AS "Value"
                    """).SingleAsync();
                Assert.Equal(0, found);
            }
        }
    }
}
