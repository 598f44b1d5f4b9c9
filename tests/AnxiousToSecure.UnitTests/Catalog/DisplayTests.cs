using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Web.Components.Shared;

namespace AnxiousToSecure.UnitTests.Catalog;

[Trait("Category", "Catalog")]
public sealed class DisplayTests
{
    [Theory]
    [InlineData(14900, "usd", "$149.00")]
    [InlineData(9950, "gbp", "£99.50")]
    [InlineData(1200000, "eur", "€12,000.00")]
    [InlineData(15000, "jpy", "15,000 JPY")]
    [InlineData(4999, "sek", "49.99 SEK")]
    public void Prices_in_minor_units_read_as_money(long minor, string currency, string expected) =>
        Assert.Equal(expected, Display.Money(minor, currency));

    [Theory]
    [InlineData(0, "Week 1")]
    [InlineData(6, "Week 1")]
    [InlineData(7, "Week 2")]
    [InlineData(56, "Week 9")]
    public void Release_days_read_as_course_weeks(int days, string expected) => Assert.Equal(expected, Display.ReleaseLabel(days));

    [Theory]
    [InlineData(new[] { 0 }, 1)]
    [InlineData(new[] { 0, 6 }, 1)]
    [InlineData(new[] { 0, 7 }, 2)]
    [InlineData(new[] { 56, 0, 14 }, 9)]
    [InlineData(new int[0], 1)]
    public void The_drip_span_is_the_week_the_last_lesson_opens_in(int[] days, int weeks) => Assert.Equal(weeks, CourseWeeks.Span(days));
}
