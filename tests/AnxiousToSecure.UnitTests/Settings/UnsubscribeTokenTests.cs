using AnxiousToSecure.Core.Settings;
using Microsoft.AspNetCore.DataProtection;

namespace AnxiousToSecure.UnitTests.Settings;

/// <summary>An unsubscribe token carries her id and stamp, and anything else (changed, foreign, malformed) reads as nothing.</summary>
[Trait("Category", "Settings")]
public sealed class UnsubscribeTokenTests
{
    private const string Purpose = "AnxiousToSecure.Email.Unsubscribe.v1";

    private readonly EphemeralDataProtectionProvider provider = new();
    private readonly UnsubscribeTokens tokens;

    public UnsubscribeTokenTests() => tokens = new UnsubscribeTokens(provider);

    [Theory]
    [InlineData("user-1", 0)]
    [InlineData("user-1", 17)]
    [InlineData("id:with:colons", 3)]
    public void A_token_gives_back_her_id_and_stamp(string userId, int stamp)
    {
        Assert.True(tokens.TryRead(tokens.Create(userId, stamp), out var readId, out var readStamp));
        Assert.Equal((userId, stamp), (readId, readStamp));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a token")]
    [InlineData("abcde")]
    [InlineData("CfDJ8-not-really-a-token")]
    public void Anything_that_is_not_a_token_reads_as_nothing(string? token)
    {
        Assert.False(tokens.TryRead(token, out var userId, out var stamp));
        Assert.Equal(("", 0), (userId, stamp));
    }

    [Fact]
    public void A_changed_token_reads_as_nothing()
    {
        var token = tokens.Create("user-1", 1);
        var changed = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        Assert.False(tokens.TryRead(changed, out _, out _));
    }

    [Fact]
    public void A_token_made_for_another_purpose_reads_as_nothing()
    {
        var foreign = provider.CreateProtector("AnxiousToSecure.Something.Else").Protect("1:user-1");
        Assert.False(tokens.TryRead(foreign, out _, out _));
    }

    [Fact]
    public void A_token_made_with_other_keys_reads_as_nothing()
    {
        var other = new UnsubscribeTokens(new EphemeralDataProtectionProvider());
        Assert.False(tokens.TryRead(other.Create("user-1", 1), out _, out _));
    }

    [Theory]
    [InlineData("no-colon")]
    [InlineData(":user-1")]
    [InlineData("x:user-1")]
    [InlineData("-1:user-1")]
    [InlineData("1.5:user-1")]
    [InlineData("3:")]
    public void A_genuine_token_with_a_malformed_payload_reads_as_nothing(string payload)
    {
        var token = provider.CreateProtector(Purpose).Protect(payload);
        Assert.False(tokens.TryRead(token, out var userId, out _));
        Assert.Equal("", userId);
    }

    [Fact]
    public void The_payload_is_the_stamp_then_her_id()
    {
        Assert.Equal("4:user-1", provider.CreateProtector(Purpose).Unprotect(tokens.Create("user-1", 4)));
    }
}
