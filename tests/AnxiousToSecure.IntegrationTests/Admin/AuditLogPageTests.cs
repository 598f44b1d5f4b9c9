using System.Net;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.IntegrationTests.Checkout;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>The audit log page: admins filter by who, student and action; nobody else gets in.</summary>
[Trait("Category", "Admin")]
public sealed class AuditLogPageTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    [Fact]
    public async Task Admins_find_a_students_payment_and_refund_entries_by_filter()
    {
        var (client, student) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(client));
        var (other, _) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(other));

        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (_, byStudent) = await admin.GetAsync($"/admin/audit?student={Uri.EscapeDataString(student.Email!)}");
        var rows = byStudent.QuerySelectorAll("#audit-entries li").Select(r => r.TextContent).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains(student.Email!, r));
        Assert.Contains(rows, r => r.Contains("payment.completed"));

        var (_, byAction) = await admin.GetAsync("/admin/audit?action=dispute");
        Assert.Empty(byAction.QuerySelectorAll("#audit-entries li"));
        var (_, byActor) = await admin.GetAsync("/admin/audit?actor=Stripe&action=payment.completed");
        Assert.True(byActor.QuerySelectorAll("#audit-entries li").Length >= 2);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Roles.Student)]
    [InlineData(Roles.Instructor)]
    public async Task Only_admins_read_the_audit_log(string? role)
    {
        var client = role is null ? BrowserlessClient.Create(App) : await App.SignInNewUserAsync(role);
        var response = await client.Http.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(role is null ? "/Account/Login" : "/Account/AccessDenied", response.Headers.Location!.OriginalString);
    }
}
