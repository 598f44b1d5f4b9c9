using AnxiousToSecure.Core.Learn;

namespace AnxiousToSecure.UnitTests.Learn;

[Trait("Category", "Learn")]
public sealed class ProgressPercentTests
{
    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(1, 3, 33)]
    [InlineData(2, 3, 66)]
    [InlineData(9, 10, 90)]
    [InlineData(99, 100, 99)]
    [InlineData(10, 10, 100)]
    [InlineData(12, 10, 100)]
    [InlineData(0, 0, 0)]
    [InlineData(3, 0, 0)]
    public void Progress_is_whole_percent_rounded_down_and_never_past_100(int completed, int total, int percent) =>
        Assert.Equal(percent, ProgressPercent.Of(completed, total));
}
