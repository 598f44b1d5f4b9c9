using System.Reflection;
using AnxiousToSecure.Core.Jobs;
using Hangfire;

namespace AnxiousToSecure.UnitTests.Jobs;

/// <summary>The retry policies and the recurring id live on the job adapters; Hangfire's stored jobs depend on them.</summary>
[Trait("Category", "Jobs")]
public sealed class JobAdapterTests
{
    [Fact]
    public void The_drip_sweep_is_never_retried_by_Hangfire_the_next_sweep_is_the_retry()
    {
        var retry = RetryOf(typeof(DripSweepJob), nameof(DripSweepJob.ExecuteAsync));

        Assert.Equal(0, retry.Attempts);
        Assert.Equal(AttemptsExceededAction.Delete, retry.OnAttemptsExceeded);
    }

    [Fact]
    public void An_account_email_is_retried_ten_times_then_kept_as_failed()
    {
        var retry = RetryOf(typeof(AccountEmailJob), nameof(AccountEmailJob.SendAsync));

        Assert.Equal(10, retry.Attempts);
        Assert.Equal(AttemptsExceededAction.Fail, retry.OnAttemptsExceeded);
    }

    [Fact]
    public void The_recurring_sweep_keeps_its_id() =>
        Assert.Equal("drip-sweep", DripSweepJob.RecurringJobId);

    private static AutomaticRetryAttribute RetryOf(Type job, string method) =>
        // Every overload Hangfire may call (old queued jobs keep their method) carries the same retry rule.
        job.GetMethods().Where(m => m.Name == method).Select(m => m.GetCustomAttribute<AutomaticRetryAttribute>())
            .Aggregate((AutomaticRetryAttribute?)null, (seen, next) => seen is null || next is null || (seen.Attempts == next.Attempts && seen.OnAttemptsExceeded == next.OnAttemptsExceeded) ? next : throw new Xunit.Sdk.XunitException($"{job.Name}.{method} overloads retry differently."))
        ?? throw new Xunit.Sdk.XunitException($"{job.Name}.{method} has no [AutomaticRetry]: Hangfire's default of 10 retries would apply.");
}
