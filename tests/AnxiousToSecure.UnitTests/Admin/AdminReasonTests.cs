using AnxiousToSecure.Core.Admin;

namespace AnxiousToSecure.UnitTests.Admin;

[Trait("Category", "Admin")]
public sealed class AdminReasonTests
{
    [Fact]
    public void A_reason_of_500_characters_is_kept_and_501_is_refused_with_a_clear_message()
    {
        var longest = new string('a', AdminReason.MaxLength);
        Assert.Equal(500, AdminReason.MaxLength);
        Assert.Null(AdminReason.Problem(longest));
        Assert.Equal(longest, AdminReason.Require(longest));

        var tooLong = longest + "a";
        Assert.Equal("Keep the reason to 500 characters or fewer.", AdminReason.Problem(tooLong));
        Assert.Equal(AdminReason.TooLongMessage, Assert.Throws<AdminActionRefusedException>(() => AdminReason.Require(tooLong)).Message);
    }

    [Fact]
    public void The_limit_counts_the_reason_without_the_spaces_around_it()
    {
        var padded = "  " + new string('a', AdminReason.MaxLength) + "\n";
        Assert.Null(AdminReason.Problem(padded));
        Assert.Equal(new string('a', AdminReason.MaxLength), AdminReason.Require(padded));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void A_reason_is_required(string? reason)
    {
        Assert.Equal("Give a reason: it is kept in the audit log.", AdminReason.Problem(reason));
        Assert.Throws<AdminActionRefusedException>(() => AdminReason.Require(reason));
    }

    [Fact]
    public void A_reason_is_trimmed() => Assert.Equal("duplicate account", AdminReason.Require("  duplicate account \n"));
}
