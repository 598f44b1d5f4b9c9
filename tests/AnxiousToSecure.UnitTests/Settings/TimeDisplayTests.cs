using AnxiousToSecure.Core.Settings;

namespace AnxiousToSecure.UnitTests.Settings;

/// <summary>The one date and time style, in the reader's own zone: "Thursday 3 December, 8:00 am".</summary>
[Trait("Category", "Settings")]
public sealed class TimeDisplayTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    // Thursday 3 December 2026, 13:00 UTC.
    private static readonly DateTimeOffset Instant = new(2026, 12, 3, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_moment_reads_as_weekday_day_month_and_a_twelve_hour_clock_in_her_zone()
    {
        Assert.Equal("Thursday 3 December, 8:00 am", TimeDisplay.DateTime(Instant, NewYork));
        Assert.Equal("Thursday 3 December, 1:00 pm", TimeDisplay.DateTime(Instant, London));
        Assert.Equal("Thursday 3 December, 6:30 pm", TimeDisplay.DateTime(Instant, Kolkata));
    }

    [Fact]
    public void The_day_is_hers_not_the_servers()
    {
        // 22:00 UTC on Thursday is already Friday morning in Tokyo.
        Assert.Equal("Thursday 3 December, 10:00 pm", TimeDisplay.DateTime(Instant.AddHours(9), TimeZoneInfo.Utc));
        Assert.Equal("Friday 4 December, 7:00 am", TimeDisplay.DateTime(Instant.AddHours(9), Tokyo));
        Assert.Equal("Friday 4 December 2026", TimeDisplay.Date(Instant.AddHours(9), Tokyo));
    }

    [Theory]
    [InlineData(0, 0, "12:00 am")]
    [InlineData(0, 5, "12:05 am")]
    [InlineData(11, 59, "11:59 am")]
    [InlineData(12, 0, "12:00 pm")]
    [InlineData(20, 30, "8:30 pm")]
    public void Noon_and_midnight_read_as_twelve(int hour, int minute, string expected) =>
        Assert.Equal(expected, TimeDisplay.Time(new DateTimeOffset(2026, 6, 1, hour, minute, 0, TimeSpan.Zero), TimeZoneInfo.Utc));

    [Fact]
    public void Summer_time_moves_the_clock_as_she_lives_it()
    {
        // The same 12:00 UTC is 8:00 am in New York in summer (EDT, UTC-4) and 7:00 am in winter (EST, UTC-5).
        Assert.Equal("Monday 1 June, 8:00 am", TimeDisplay.DateTime(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), NewYork));
        Assert.Equal("Tuesday 1 December, 7:00 am", TimeDisplay.DateTime(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), NewYork));
        // Across the spring change in London (29 March 2026, 01:00 UTC): 00:59 UTC is 12:59 am GMT, 01:00 UTC is 2:00 am BST.
        Assert.Equal("Sunday 29 March, 12:59 am", TimeDisplay.DateTime(new DateTimeOffset(2026, 3, 29, 0, 59, 0, TimeSpan.Zero), London));
        Assert.Equal("Sunday 29 March, 2:00 am", TimeDisplay.DateTime(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), London));
    }

    [Fact]
    public void Kept_records_carry_the_year()
    {
        Assert.Equal("Thursday 3 December 2026, 8:00 am", TimeDisplay.DateTimeWithYear(Instant, NewYork));
        Assert.Equal("Thursday 3 December 2026", TimeDisplay.Date(Instant, NewYork));
        Assert.Equal("Thursday 3 December 2026", TimeDisplay.Date(new DateOnly(2026, 12, 3)));
    }

    [Fact]
    public void The_style_does_not_depend_on_the_servers_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("Thursday 3 December, 8:00 am", TimeDisplay.DateTime(Instant, NewYork));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("Europe/London", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("UTC", true)]
    [InlineData("GMT Standard Time", false)] // a Windows name: not what a browser reports
    [InlineData("europe/london", false)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_IANA_zone_names_are_kept(string? id, bool valid)
    {
        Assert.Equal(valid, TimeZones.IsValid(id));
        Assert.Equal(valid ? id : null, TimeZones.Normalize(id));
    }
}
