using AnxiousToSecure.Core.Drip;

namespace AnxiousToSecure.UnitTests.Drip;

public sealed class DripSweepGateTests
{
    [Fact]
    public async Task A_sweep_asked_for_while_one_runs_is_left_to_it_and_the_running_one_sweeps_once_more_and_reports_both_passes()
    {
        var gate = new DripSweepGate();
        var passes = 0;
        SweepResult? inner = new(0, 0, 0, 0, 0);
        var total = await gate.RunAsync(async () =>
        {
            passes++;
            if (passes == 1) inner = await gate.RunAsync(() => throw new InvalidOperationException("a second sweep ran beside the first"));
            return new SweepResult(Released: 1, Sent: passes * 10, Retrying: 0, Failed: passes - 1, Withheld: 0);
        });

        Assert.Null(inner);
        Assert.Equal(2, passes);
        Assert.Equal(new SweepResult(2, 30, 0, 1, 0), total);
    }

    [Fact]
    public async Task Sweeps_one_after_the_other_each_run()
    {
        var gate = new DripSweepGate();
        var first = await gate.RunAsync(() => Task.FromResult(new SweepResult(1, 1, 0, 0, 0)));
        var second = await gate.RunAsync(() => Task.FromResult(new SweepResult(2, 2, 0, 0, 0)));
        Assert.Equal(new SweepResult(1, 1, 0, 0, 0), first);
        Assert.Equal(new SweepResult(2, 2, 0, 0, 0), second);
    }
}
