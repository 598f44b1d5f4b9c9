using System.Net;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Stripe;
using AnxiousToSecure.TestSupport;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AnxiousToSecure.IntegrationTests.Admin;

/// <summary>
/// Every route the app serves, from its own endpoint table, with who may use it. A route missing
/// from the table fails the test, so a new page or endpoint cannot ship without a decision. Every
/// /admin and /author page is opened, and every state-changing route posted to, as anonymous,
/// student, instructor and admin. That a refused post changes no data, even with a valid
/// antiforgery token, is shown by <see cref="RefusedPostsTests"/>.
/// </summary>
[Trait("Category", "Admin")]
public sealed class AuthorizationMatrixTests(AppFactory app) : IClassFixture<AppFactory>
{
    public enum Access
    {
        /// <summary>Anyone, signed in or not (the route checks its own proof: a signature, a token, or none is needed).</summary>
        Anyone,
        SignedIn,
        Staff,
        Admin,
    }

    private static readonly string[] Who = ["anonymous", Roles.Student, Roles.Instructor, Roles.Admin];

    /// <summary>The decision for every route pattern the app has.</summary>
    private static readonly Dictionary<string, Access> Matrix = new(StringComparer.OrdinalIgnoreCase)
    {
        // Admin
        ["/admin"] = Access.Admin,
        ["/admin/enrollments"] = Access.Admin,
        ["/admin/enrollments.csv"] = Access.Admin,
        ["/admin/people"] = Access.Admin,
        ["/admin/students/{UserId}"] = Access.Admin,
        ["/admin/payments"] = Access.Admin,
        ["/admin/payments/{PaymentId:guid}"] = Access.Admin,
        ["/admin/disputes"] = Access.Admin,
        ["/admin/codes"] = Access.Admin,
        ["/admin/emails"] = Access.Admin,
        ["/admin/audit"] = Access.Admin,
        ["/admin/jobs/{**path}"] = Access.Admin,
        // Authoring
        ["/author"] = Access.Staff,
        ["/author/lessons/{LessonId:int}"] = Access.Staff,
        ["/author/lessons/{LessonId:int}/attachments"] = Access.Staff,
        ["/author/preview"] = Access.Staff,
        ["/author/preview/{Slug}"] = Access.Staff,
        ["/author/import"] = Access.Staff,
        ["/author/export"] = Access.Staff,
        // The course page's sections (sales page): the instructor edits them, as she edits lessons.
        ["/author/course"] = Access.Staff,
        ["/author/lessons/{lessonId:int}/attachments/upload"] = Access.Staff,
        ["/author/attachments/{id:guid}/delete"] = Access.Staff,
        ["/author/import/upload"] = Access.Staff,
        ["/author/import/confirm"] = Access.Staff,
        ["/author/notes"] = Access.Staff,
        ["/author/settings"] = Access.Staff,
        ["/author/lessons/{lessonId:int}/audio"] = Access.Staff,
        ["/author/notes/{id:guid}/approve"] = Access.Staff,
        ["/author/notes/{id:guid}/withdraw"] = Access.Staff,
        // Students
        ["/learn"] = Access.SignedIn,
        ["/learn/outline"] = Access.SignedIn,
        // The lesson page decides for itself: a visitor is asked to sign in on the page, with the lesson's title.
        ["/learn/{Slug}"] = Access.Anyone,
        // Where she stopped listening: like "mark complete", refused (400) unless the lesson is open to her (ListenTests).
        ["/learn/{slug}/listening"] = Access.Anyone,
        ["/journal"] = Access.SignedIn,
        ["/journal/entries/{id:guid}/delete"] = Access.SignedIn,
        ["/journal/entries/{slug}"] = Access.SignedIn,
        ["/journal/delete-all"] = Access.SignedIn,
        ["/journal/export"] = Access.SignedIn,
        ["/files/{id:guid}/{name}"] = Access.SignedIn,
        ["/settings/reminders"] = Access.SignedIn,
        ["/settings/reminders/pause/"] = Access.SignedIn,
        // "Open the next lesson now": signed in; the course's limit and her schedule decide (HerPaceTests).
        ["/learn/open-next"] = Access.SignedIn,
        ["/toolkit"] = Access.SignedIn,
        ["/toolkit/{slug}"] = Access.SignedIn,
        ["/toolkit/{slug}/remove"] = Access.SignedIn,
        ["/feedback/{slug}"] = Access.SignedIn,
        ["/purchases"] = Access.SignedIn,
        ["/purchases/refund-request"] = Access.SignedIn,
        ["/checkout/success"] = Access.SignedIn,
        ["/checkout/test/{SessionId}"] = Access.SignedIn,
        ["/checkout/begin"] = Access.SignedIn,
        ["/gift"] = Access.SignedIn,
        ["/purchases/gift/date"] = Access.SignedIn,
        ["/purchases/gift/resend"] = Access.SignedIn,
        // The link's token is the proof; redeeming needs the named account (signed in, or created there).
        ["/redeem/{Token}"] = Access.Anyone,
        // Payment plans: her own plan's checkout, success page, test page and card page (the plan is found by her id).
        ["/checkout/plan/begin"] = Access.SignedIn,
        ["/checkout/plan/success"] = Access.SignedIn,
        ["/checkout/test/plan/{SessionId}"] = Access.SignedIn,
        ["/purchases/update-card"] = Access.SignedIn,
        // Where a sign-in lands when nothing asked to be returned to.
        ["/start"] = Access.SignedIn,
        ["/learn/complete"] = Access.SignedIn,
        ["/learn/complete/note"] = Access.SignedIn,
        ["/learn/certificate"] = Access.SignedIn,
        // Public, or proven by something other than a sign-in
        ["/"] = Access.Anyone,
        ["/crisis"] = Access.Anyone,
        // The author's photo on the course page.
        ["/course/author-photo"] = Access.Anyone,
        // Theme and text size: a cookie of the device, chosen before or after signing in.
        ["/settings/reading"] = Access.Anyone,
        ["/settings/reading/save/"] = Access.Anyone,
        // Public scholarly information; /learn/references is the old references lesson's address.
        ["/references"] = Access.Anyone,
        ["/learn/references"] = Access.Anyone,
        ["/not-found"] = Access.Anyone,
        ["/Error"] = Access.Anyone,
        ["/dev/mailbox"] = Access.Anyone,
        ["/email/unsubscribe"] = Access.Anyone,
        ["/email/unsubscribe/one-click"] = Access.Anyone,
        ["/stripe/webhook"] = Access.Anyone,
        ["/health/live"] = Access.Anyone,
        ["/health/ready"] = Access.Anyone,
        // Decides for itself: an admin with her second factor or a configured network; 404 for anyone else (MetricsEndpointTests).
        ["/metrics"] = Access.Anyone,
    };

    [Fact]
    public void Every_route_the_app_serves_has_a_decision_in_the_matrix()
    {
        var missing = Routes().Select(r => r.Pattern).Where(p => !IsAccountRoute(p) && !IsStaticAsset(p) && !Matrix.ContainsKey(p)).ToList();
        Assert.True(missing.Count == 0, "Routes with no decision in the authorization matrix: " + string.Join(", ", missing));
        var stale = Matrix.Keys.Where(k => !Routes().Any(r => string.Equals(r.Pattern, k, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(stale.Count == 0, "Matrix entries for routes that do not exist: " + string.Join(", ", stale));
    }

    public static TheoryData<string> People() => [.. Who];

    [Theory]
    [MemberData(nameof(People))]
    public async Task Admin_and_author_pages_open_only_for_their_roles(string who)
    {
        var client = await ClientAsync(who);
        var ids = await SampleIdsAsync();
        var checkedRoutes = 0;
        foreach (var route in Routes().Where(r => r.Methods.Contains("GET") && !IsStaticAsset(r.Pattern) && (r.Pattern.StartsWith("/admin", StringComparison.Ordinal) || r.Pattern.StartsWith("/author", StringComparison.Ordinal))))
        {
            var url = Fill(route.Pattern, ids);
            var response = await client.Http.GetAsync(url);
            AssertOutcome(Matrix[route.Pattern], who, response, $"GET {url}");
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 15, $"only {checkedRoutes} admin/author pages found");
    }

    [Theory]
    [MemberData(nameof(People))]
    public async Task State_changing_routes_refuse_whoever_may_not_use_them(string who)
    {
        var client = await ClientAsync(who);
        var ids = await SampleIdsAsync();
        var checkedRoutes = 0;
        foreach (var route in Routes().Where(r => r.Methods.Overlaps(["POST", "PUT", "PATCH", "DELETE"]) && !IsAccountRoute(r.Pattern) && !IsStaticAsset(r.Pattern)))
        {
            var url = Fill(route.Pattern, ids);
            // No antiforgery token and no real content: a route that lets this caller in still
            // refuses the request itself, but never with "sign in" or "access denied".
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Reason"] = "matrix" });
            var response = await client.Http.PostAsync(url, content);
            AssertOutcome(Matrix[route.Pattern], who, response, $"POST {url}");
            if (Allowed(Matrix[route.Pattern], who) && Matrix[route.Pattern] != Access.Anyone)
            {
                Assert.True((int)response.StatusCode >= 400, $"POST {url} as {who} without an antiforgery token answered {(int)response.StatusCode}");
            }
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 10, $"only {checkedRoutes} state-changing routes found");
    }

    private static bool Allowed(Access access, string who) => access switch
    {
        Access.Anyone => true,
        Access.SignedIn => who != "anonymous",
        Access.Staff => who is Roles.Instructor or Roles.Admin,
        _ => who == Roles.Admin,
    };

    private static void AssertOutcome(Access access, string who, HttpResponseMessage response, string what)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        var toSignIn = response.StatusCode == HttpStatusCode.Unauthorized || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/Login", StringComparison.Ordinal));
        var denied = response.StatusCode == HttpStatusCode.Forbidden || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/AccessDenied", StringComparison.Ordinal));
        if (Allowed(access, who))
        {
            Assert.False(toSignIn || denied, $"{what} as {who} ({access}) was refused: {(int)response.StatusCode} {location}");
            Assert.True((int)response.StatusCode < 500, $"{what} as {who} answered {(int)response.StatusCode}");
        }
        else if (who == "anonymous")
        {
            Assert.True(toSignIn, $"{what} as anonymous ({access}) should ask to sign in, answered {(int)response.StatusCode} {location}");
        }
        else
        {
            Assert.True(denied, $"{what} as {who} ({access}) should be denied, answered {(int)response.StatusCode} {location}");
        }
    }

    private async Task<BrowserlessClient> ClientAsync(string who) =>
        who == "anonymous" ? BrowserlessClient.Create(app) : await app.SignInNewUserAsync(who);

    private sealed record Route(string Pattern, HashSet<string> Methods);

    private IEnumerable<Route> Routes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new Route(
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                [.. e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"]]))
            .GroupBy(r => r.Pattern, StringComparer.OrdinalIgnoreCase)
            .Select(g => new Route(g.Key, [.. g.SelectMany(r => r.Methods)]));

    private static bool IsAccountRoute(string pattern) => pattern.StartsWith("/Account", StringComparison.OrdinalIgnoreCase);

    /// <summary>Static files and the framework's own endpoints (Blazor's script and circuit hub), open to all by design.</summary>
    private static bool IsStaticAsset(string pattern) =>
        (Path.HasExtension(pattern) && !pattern.EndsWith(".csv", StringComparison.Ordinal))
        || pattern.StartsWith("/_framework", StringComparison.Ordinal) || pattern.StartsWith("/_blazor", StringComparison.Ordinal)
        || pattern == "/{**path:file}";

    private sealed record SampleIds(string UserId, Guid PaymentId, int LessonId, string Slug);

    private SampleIds? sample;

    private async Task<SampleIds> SampleIdsAsync()
    {
        if (sample is not null) return sample;
        var student = await app.CreateStudentAsync($"m{Guid.NewGuid():N}@example.com", app.Clock.GetUtcNow());
        await using var db = app.Database.CreateContext();
        var lesson = db.Lessons.OrderBy(l => l.Position).First();
        var payment = new Payment
        {
            Id = Guid.NewGuid(), UserId = student.Id, CourseId = lesson.CourseId, Currency = "usd", AmountMinor = 100,
            Status = PaymentStatus.Paid, CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow(),
            PaymentIntentId = $"pi_{Guid.NewGuid():N}", CheckoutSessionId = $"cs_{Guid.NewGuid():N}",
        };
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        return sample = new SampleIds(student.Id, payment.Id, lesson.Id, lesson.Slug);
    }

    private static string Fill(string pattern, SampleIds ids) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\**([^}:]+)(:[^}]*)?\}", m => m.Groups[1].Value switch
        {
            "UserId" => ids.UserId,
            "PaymentId" => ids.PaymentId.ToString(),
            "LessonId" or "lessonId" => ids.LessonId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Slug" => ids.Slug,
            "name" => "notes.pdf",
            "path" => "",
            "SessionId" => "cs_test_unknown",
            _ when m.Groups[2].Value == ":guid" => Guid.NewGuid().ToString(),
            _ => "x",
        });
}
