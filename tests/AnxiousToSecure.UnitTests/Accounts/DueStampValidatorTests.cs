using AnxiousToSecure.Web.Components.Account;

namespace AnxiousToSecure.UnitTests.Accounts;

/// <summary>The stamp check runs when Identity's own validator would: never between two checks, always once the interval has passed.</summary>
public sealed class DueStampValidatorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_cookie_without_an_issue_time_is_checked_at_once() =>
        Assert.True(DueStampValidator.IsDue(null, Interval, Now));

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(60)] // Identity checks only once more than the interval has passed
    public void A_cookie_issued_within_the_interval_is_not_checked(int secondsAgo) =>
        Assert.False(DueStampValidator.IsDue(Now.AddSeconds(-secondsAgo), Interval, Now));

    [Theory]
    [InlineData(61)]
    [InlineData(3600)]
    public void A_cookie_issued_longer_ago_than_the_interval_is_checked(int secondsAgo) =>
        Assert.True(DueStampValidator.IsDue(Now.AddSeconds(-secondsAgo), Interval, Now));
}
