using System.Net;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.IntegrationTests.Checkout;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Author;
using AnxiousToSecure.TestSupport.Checkout;
using AnxiousToSecure.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>
/// What `scripts/run` shows: the development student has bought the course through the local test
/// checkout, and the development admin refunds her from her page; she loses access at once.
/// </summary>
[Trait("Category", "Admin")]
public sealed class DevStudentRefundTests(LocalCheckoutAppFactory app) : IClassFixture<LocalCheckoutAppFactory>
{
    private async Task SeedAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DevAccountsSeeder>().SeedAsync();
    }

    [Fact]
    public async Task The_dev_admin_refunds_the_dev_student_who_loses_access_at_once_and_a_restart_does_not_give_it_back()
    {
        await SeedAsync();
        await SeedAsync(); // a second start changes nothing
        await using (var db = app.Database.CreateContext())
        {
            var enrollment = await db.Enrollments.Include(e => e.User).SingleAsync(e => e.User!.Email == "student@example.com");
            Assert.Equal((EnrollmentStatus.Active, EnrollmentSource.Purchase), (enrollment.Status, enrollment.Source));
            Assert.Equal(PaymentStatus.Paid, (await db.Payments.SingleAsync(p => p.UserId == enrollment.UserId)).Status);
        }

        var student = BrowserlessClient.Create(app);
        await student.SignInAsync("student@example.com", "Secure-Base-2026");
        await student.AssertReadsAsStudentAsync("welcome");

        var admin = BrowserlessClient.Create(app);
        await admin.SignInAsync("admin@example.com", "Secure-Base-2026");
        var (_, list) = await admin.GetAsync("/admin/enrollments?q=student%40example.com");
        var detailUrl = "/" + list.QuerySelector("#enrollments tbody a")!.GetAttribute("href");
        var (_, detail) = await admin.GetAsync(detailUrl);
        var posted = await admin.SubmitAsync(detail, "form#refund", detailUrl, new Dictionary<string, string> { ["Input.Reason"] = "Trying the refund flow" });
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"{posted.StatusCode} {app.Errors}");
        var (_, after) = await admin.GetAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("Refunded.", after.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Refunded", after.QuerySelector("#enrollment-status")!.TextContent);

        await student.AssertShutOutAsync();
        await SeedAsync();
        await student.AssertShutOutAsync();
    }
}
