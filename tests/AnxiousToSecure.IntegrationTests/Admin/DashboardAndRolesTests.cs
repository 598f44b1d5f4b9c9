using System.Net;
using AnxiousToSecure.Core.Admin;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.IntegrationTests.Checkout;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>The dashboard's figures, roles and the last-admin rule, and the audit log refusing changes in the database itself.</summary>
[Trait("Category", "Admin")]
public sealed class DashboardAndRolesTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_dashboard_counts_revenue_net_of_refunds_and_the_funnel_of_the_periods_students()
    {
        var period = DashboardPeriod.LastDays(Now, 1);
        var before = await App.Services.CreateScope().ServiceProvider.GetRequiredService<AdminDashboard>().GetAsync(period);
        var price = CoursePrice();

        var (aliceClient, alice) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(aliceClient));
        var (bobClient, _) = await StudentAsync();
        await PayAndNotifyAsync(await StartCheckoutAsync(bobClient));
        var payment = Assert.Single(await PaymentsOfAsync(alice));
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<RefundProcessor>().RefundAsync(payment.Id, 500, "partial", false, AuditActor.System);
            var courses = scope.ServiceProvider.GetRequiredService<StudentCourseService>();
            await courses.SetCompletedAsync(await courses.OpenLessonAsync(alice.Id, "welcome"), completed: true);
        }

        var after = await App.Services.CreateScope().ServiceProvider.GetRequiredService<AdminDashboard>().GetAsync(period);
        var r0 = before.Revenue.SingleOrDefault() ?? new RevenueFigure("usd", 0, 0, 0, 0);
        var r1 = Assert.Single(after.Revenue);
        Assert.Equal(2 * price, r1.GrossMinor - r0.GrossMinor);
        Assert.Equal(500, r1.RefundedMinor - r0.RefundedMinor);
        Assert.Equal(2 * price - 500, r1.NetMinor - r0.NetMinor);
        Assert.Equal(2, after.NewStudents - before.NewStudents);
        Assert.Equal(2, after.ActiveStudents - before.ActiveStudents);
        Assert.Equal(1, after.Funnel[0].Students - before.Funnel[0].Students);
        Assert.Equal(0, after.Funnel[1].Students - before.Funnel[1].Students);

        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (response, page) = await admin.GetAsync("/admin?days=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Display(r1.NetMinor), page.QuerySelector($"#net-revenue-{r1.Currency}")!.TextContent.Trim());
        Assert.Equal(after.Funnel.Count, page.QuerySelectorAll(".funnel li").Length);
        Assert.Equal(after.ActiveStudents.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("#active-students")!.TextContent);
    }

    private static string Display(long minor) => AnxiousToSecure.Web.Components.Shared.Display.Money(minor, "usd");

    [Fact]
    public async Task An_admin_makes_someone_an_instructor_and_the_last_admin_cannot_remove_themself()
    {
        var email = $"solo{Guid.NewGuid():N}@example.com";
        var person = await App.CreateStudentAsync($"p{Guid.NewGuid():N}@example.com");
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleAdministration>();
        // Only one admin in this database: take the role from every other account first.
        await using (var db = App.Database.CreateContext())
        {
            await db.UserRoles.Where(r => r.RoleId == "role-admin").ExecuteDeleteAsync();
        }
        var admin = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = Now };
        Assert.True((await users.CreateAsync(admin, AppFactory.Password)).Succeeded);
        await users.AddToRoleAsync(admin, Roles.Admin);
        var actor = new AuditActor(admin.Id, email);

        await roles.SetRoleAsync(person.Id, Roles.Instructor, grant: true, new AuditNote(actor, "Co-writing module 5"));
        Assert.True(await users.IsInRoleAsync((await users.FindByIdAsync(person.Id))!, Roles.Instructor));

        var last = await Assert.ThrowsAsync<AdminActionRefusedException>(() => roles.SetRoleAsync(admin.Id, Roles.Admin, grant: false, new AuditNote(actor, "stepping back")));
        Assert.Contains("only admin", last.Message);
        await Assert.ThrowsAsync<AdminActionRefusedException>(() => roles.SetRoleAsync(person.Id, Roles.Student, grant: true, new AuditNote(actor, "no")));
        await Assert.ThrowsAsync<AdminActionRefusedException>(() => roles.SetRoleAsync(person.Id, Roles.Admin, grant: true, new AuditNote(actor, " ")));

        await roles.SetRoleAsync(person.Id, Roles.Admin, grant: true, new AuditNote(actor, "Second admin for holidays"));
        await roles.SetRoleAsync(admin.Id, Roles.Admin, grant: false, new AuditNote(actor, "stepping back"));
        Assert.False(await users.IsInRoleAsync((await users.FindByIdAsync(admin.Id))!, Roles.Admin));

        await using var check = App.Database.CreateContext();
        var entries = await check.AuditEntries.Where(a => a.ActorId == admin.Id && a.Action.StartsWith("role.")).OrderBy(a => a.Id).Select(a => a.Action + " " + a.Details).ToListAsync();
        Assert.Equal(["role.granted Instructor: Co-writing module 5", "role.granted Admin: Second admin for holidays", "role.removed Admin: stepping back"], entries);
    }

    [Fact]
    public async Task Roles_are_changed_from_the_students_page_with_a_reason()
    {
        var person = await App.CreateStudentAsync($"r{Guid.NewGuid():N}@example.com");
        var admin = await App.SignInNewUserAsync(Roles.Admin);
        var (_, page) = await admin.GetAsync($"/admin/students/{person.Id}");
        var posted = await admin.SubmitAsync(page, "form#role", $"/admin/students/{person.Id}",
            new Dictionary<string, string> { ["Input.Grant"] = "Instructor", ["Input.Reason"] = "Writes the boundaries module" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var (_, after) = await admin.GetAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("Instructor role given", after.QuerySelector("[role=status]")!.TextContent);
        Assert.NotNull(after.QuerySelector("button[name='Input.Remove'][value='Instructor']"));

        var (_, people) = await admin.GetAsync($"/admin/people?q={Uri.EscapeDataString(person.Email!)}&role=Instructor");
        Assert.Contains("Instructor", Assert.Single(people.QuerySelectorAll("#people tbody tr")).TextContent);
    }

    [Fact]
    public async Task The_audit_log_refuses_updates_deletes_and_truncation_in_the_database()
    {
        await using var db = App.Database.CreateContext();
        db.AuditEntries.Add(new AuditEntry { At = Now, Actor = "system", Action = "test.entry", Details = "original" });
        await db.SaveChangesAsync();

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.AuditEntries.Where(a => a.Action == "test.entry").ExecuteUpdateAsync(s => s.SetProperty(a => a.Details, "rewritten")));
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => db.AuditEntries.Where(a => a.Action == "test.entry").ExecuteDeleteAsync());
        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("""TRUNCATE "AuditEntries" """));
        // Forgetting an actor is allowed only for a person's entries, never to disguise Stripe's or the system's.
        await Assert.ThrowsAsync<PostgresException>(() => db.AuditEntries.Where(a => a.Action == "test.entry")
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Actor, AuditActor.DeletedAccountName)));
        Assert.Equal("original", (await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "test.entry")).Details);
    }
}
