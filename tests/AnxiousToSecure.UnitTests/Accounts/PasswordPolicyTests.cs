using AnxiousToSecure.Core.Accounts;

namespace AnxiousToSecure.UnitTests.Accounts;

[Trait("Category", "Security")]
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Secure-Base-2026")] // the development accounts' password (README)
    [InlineData("Correct-horse-42")] // the test accounts' password (AppFactory)
    [InlineData("quiet river lantern morning")]
    public void The_documented_passwords_and_a_lower_case_passphrase_are_not_guessable(string password) =>
        Assert.False(PasswordPolicy.IsGuessable(password, ["student@example.com"]));

    [Theory]
    [InlineData("password1234")]
    [InlineData("anxioustosecure2026")]
    [InlineData("attachmenthealing")]
    public void Common_passwords_and_the_sites_own_words_are_guessable(string password) =>
        Assert.True(PasswordPolicy.IsGuessable(password, []));

    [Fact]
    public void Her_own_email_and_name_count_against_a_password_that_would_otherwise_pass()
    {
        const string password = "quillfeather marigold";
        Assert.False(PasswordPolicy.IsGuessable(password, []));
        Assert.True(PasswordPolicy.IsGuessable(password, ["marigold.quillfeather@mail.example"]));
        Assert.True(PasswordPolicy.IsGuessable(password, [null, "Marigold Quillfeather"]));
    }

    [Fact]
    public void The_email_is_split_into_the_words_someone_would_try()
    {
        var words = PasswordPolicy.PersonalContext(["Jo.Smithers+news@Mail.Example"]).ToList();
        Assert.Contains("jo.smithers+news@mail.example", words);
        Assert.Contains("jo.smithers+news", words);
        Assert.Contains("smithers", words);
        Assert.Contains("news", words);
        Assert.Contains("mail", words);
    }
}
