using System.Net;
using AnxiousToSecure.Core.Author.Content;
using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.TestSupport;
using AnxiousToSecure.TestSupport.Checkout;

namespace AnxiousToSecure.IntegrationTests.Checkout;

/// <summary>A student who was refunded and buys again gets her access back on her original schedule.</summary>
[Trait("Category", "Checkout")]
public sealed class BuyingAgainTests(AppFactory app) : PaymentHarness(app), IClassFixture<AppFactory>
{
    /// <summary>A lesson the original start has opened by day 8 and a new start would not have (whatever days the edition gives).</summary>
    private static readonly LessonDocument OpenByDayEight = CourseContentReader.ReadFolder(TestPaths.CourseContent)
        .Modules.SelectMany(m => m.Lessons).Last(l => l.ReleaseAfterDays is > 0 and <= 8);

    [Fact]
    public async Task Buying_again_after_a_full_refund_keeps_the_original_drip_start()
    {
        var (client, student) = await StudentAsync();
        var intent = (string)(await PayAndNotifyAsync(await StartCheckoutAsync(client)))["payment_intent"]!;
        var original = (await EnrollmentOfAsync(student))!;

        App.Clock.Advance(TimeSpan.FromDays(3));
        await SendAsync("charge.refunded", Charge(intent, CoursePrice(), CoursePrice()));
        Assert.Equal(EnrollmentStatus.Refunded, (await EnrollmentOfAsync(student))!.Status);

        App.Clock.Advance(TimeSpan.FromDays(5)); // day 8 of the original start, day 0 of a new one
        await PayAndNotifyAsync(await StartCheckoutAsync(client));

        var again = (await EnrollmentOfAsync(student))!;
        Assert.Equal((original.Id, EnrollmentStatus.Active, EnrollmentSource.Purchase), (again.Id, again.Status, again.Source));
        Assert.Equal(original.StartedAt, again.StartedAt);
        Assert.Equal(2, (await PaymentsOfAsync(student)).Count);
        var (lesson, _) = await client.GetAsync($"/learn/{OpenByDayEight.Slug}");
        Assert.Equal(HttpStatusCode.OK, lesson.StatusCode);
    }
}
