using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AnxiousToSecure.Core.Audit;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>
/// A refused role replays the staff's own form, fields and all, with a valid antiforgery token of
/// her own: only authorization stands in the way, and the data the form would change is unchanged.
/// </summary>
[Trait("Category", "Admin")]
public sealed class RefusedPostsTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A signed-in client of the role and an antiforgery token issued to it, from a page every account may open.</summary>
    private async Task<(BrowserlessClient Client, string Token)> RefusedAsync(string role)
    {
        var client = await app.SignInNewUserAsync(role);
        var (response, page) = await client.GetAsync("/settings/reminders");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
    }

    /// <summary>The fields of a form as the staff member's browser would send them.</summary>
    private static List<KeyValuePair<string, string>> FieldsOf(IHtmlDocument page, string formSelector, string token, IDictionary<string, string> fields)
    {
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"no {formSelector} on the staff page");
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[name]")
            .Where(i => i.Type is not ("checkbox" or "radio" or "submit") || i.IsChecked)
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields) values[name] = value;
        values["__RequestVerificationToken"] = token;
        return [.. values];
    }

    private static Task<HttpResponseMessage> PostAsync(BrowserlessClient client, string url, List<KeyValuePair<string, string>> fields) =>
        client.Http.PostAsync(url, new FormUrlEncodedContent(fields));

    /// <summary>Checked after the data: what matters first is that nothing changed, then that she was told no.</summary>
    private static void AssertDenied(params HttpResponseMessage[] responses) => Assert.All(responses, response =>
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString);
    });

    public static TheoryData<string> NotAdmins() => [Roles.Student, Roles.Instructor];

    [Theory]
    [MemberData(nameof(NotAdmins))]
    public async Task Granting_a_place_or_a_role_from_a_students_page_is_refused_and_changes_nothing(string role)
    {
        var target = await app.CreateStudentAsync($"t{Guid.NewGuid():N}@example.com");
        var admin = await app.SignInNewUserAsync(Roles.Admin);
        var url = $"/admin/students/{target.Id}";
        var (_, staffPage) = await admin.GetAsync(url);
        var (refused, token) = await RefusedAsync(role);

        var grant = await PostAsync(refused, url, FieldsOf(staffPage, "form#grant", token, new Dictionary<string, string> { ["Input.Reason"] = "refused post" }));
        var makeAdmin = await PostAsync(refused, url, FieldsOf(staffPage, "form#role", token, new Dictionary<string, string> { ["Input.Grant"] = Roles.Admin, ["Input.Reason"] = "refused post" }));

        await using var db = app.Database.CreateContext();
        Assert.False(await db.Enrollments.AnyAsync(e => e.UserId == target.Id));
        Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == target.Id && r.RoleId == db.Roles.Single(x => x.Name == Roles.Admin).Id));
        // The admin opening her page is the only entry about her.
        Assert.Equal([AuditActions.Student.Viewed], await db.AuditEntries.Where(a => a.SubjectUserId == target.Id).Select(a => a.Action).ToListAsync());
        AssertDenied(grant, makeAdmin);
    }

    [Theory]
    [MemberData(nameof(NotAdmins))]
    public async Task A_refund_posted_from_the_payment_page_is_refused_and_nothing_is_refunded(string role)
    {
        var payer = await app.CreateStudentAsync($"p{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        Payment payment;
        await using (var db = app.Database.CreateContext())
        {
            payment = new Payment
            {
                Id = Guid.NewGuid(), UserId = payer.Id, CourseId = db.Courses.Single().Id, Currency = "usd", AmountMinor = 9900,
                Status = PaymentStatus.Paid, CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow(), PaidAt = app.Clock.GetUtcNow(),
                PaymentIntentId = $"pi_{Guid.NewGuid():N}", CheckoutSessionId = $"cs_{Guid.NewGuid():N}",
            };
            db.Payments.Add(payment);
            await db.SaveChangesAsync();
        }
        var admin = await app.SignInNewUserAsync(Roles.Admin);
        var url = $"/admin/payments/{payment.Id}";
        var (_, staffPage) = await admin.GetAsync(url);
        var (refused, token) = await RefusedAsync(role);

        var refund = await PostAsync(refused, url, FieldsOf(staffPage, "form#refund", token, new Dictionary<string, string> { ["Input.Amount"] = "99.00", ["Input.Reason"] = "refused post" }));

        await using var check = app.Database.CreateContext();
        Assert.False(await check.Refunds.AnyAsync(r => r.PaymentId == payment.Id));
        Assert.Equal(PaymentStatus.Paid, (await check.Payments.SingleAsync(p => p.Id == payment.Id)).Status);
        Assert.DoesNotContain(app.Stripe.Refunds, r => (string?)r["payment_intent"] == payment.PaymentIntentId);
        AssertDenied(refund);
    }

    [Fact]
    public async Task A_student_posting_the_authors_forms_is_refused_and_the_course_is_unchanged()
    {
        var instructor = await app.SignInNewUserAsync(Roles.Instructor);
        var (_, staffPage) = await instructor.GetAsync("/author");
        AttachmentInfo file;
        using (var scope = app.Services.CreateScope())
        {
            var authoring = scope.ServiceProvider.GetRequiredService<LessonAuthoring>();
            var lessonId = await authoring.CreateLessonAsync((await authoring.OutlineAsync())[0].Id, "Refused posts target", AuditActor.System) ?? 0;
            var attachments = scope.ServiceProvider.GetRequiredService<LessonAttachments>();
            var pdf = "%PDF-1.4\n%%EOF\n"u8.ToArray();
            var upload = await attachments.UploadAsync(lessonId, "kept.pdf", new MemoryStream(pdf), pdf.Length, AuditActor.System);
            Assert.True(upload.Ok, upload.Message);
            file = (await attachments.ListAsync(lessonId)).Single();
        }
        var (student, token) = await RefusedAsync(Roles.Student);
        var title = $"Refused {Guid.NewGuid():N}"[..20];

        var addModule = await PostAsync(student, "/author", FieldsOf(staffPage, "form#add-module", token, new Dictionary<string, string> { ["NewModule.Title"] = title }));
        var deleteFile = await PostAsync(student, $"/author/attachments/{file.Id}/delete", [new("__RequestVerificationToken", token)]);

        await using var db = app.Database.CreateContext();
        Assert.False(await db.Modules.AnyAsync(m => m.Title == title));
        Assert.True(await db.LessonAttachments.AnyAsync(a => a.Id == file.Id));
        AssertDenied(addModule, deleteFile);
    }
}
