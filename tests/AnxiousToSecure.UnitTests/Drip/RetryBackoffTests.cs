using AnxiousToSecure.Core.Drip;

namespace AnxiousToSecure.UnitTests.Drip;

[Trait("Category", "Drip")]
public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 15)]
    [InlineData(4, 60)]
    [InlineData(5, 180)]
    [InlineData(6, 360)]
    [InlineData(20, 360)]
    public void A_failed_lesson_email_waits_longer_after_each_failure_up_to_six_hours(int failures, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), DripOptions.Backoff(failures));

    [Fact]
    public void By_default_the_sweep_runs_every_minute_and_tries_an_email_six_times()
    {
        var defaults = new DripOptions();
        Assert.Equal("* * * * *", defaults.SweepCron);
        Assert.Equal(6, defaults.MaxAttempts);
    }
}
