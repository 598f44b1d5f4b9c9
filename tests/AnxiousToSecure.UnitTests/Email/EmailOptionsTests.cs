using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Email;

namespace AnxiousToSecure.UnitTests.Email;

[Trait("Category", "Email")]
public sealed class EmailOptionsTests
{
    [Theory]
    [InlineData("https://course.example", "/learn/breathe", "https://course.example/learn/breathe")]
    [InlineData("https://course.example/", "learn/breathe", "https://course.example/learn/breathe")]
    [InlineData("https://example.org/course", "/learn/breathe", "https://example.org/course/learn/breathe")]
    [InlineData("https://example.org/course/", "/email/unsubscribe?token=a-b_c", "https://example.org/course/email/unsubscribe?token=a-b_c")]
    public void Links_in_email_are_under_the_sites_address_even_when_it_has_a_path(string baseUrl, string relative, string expected) =>
        Assert.Equal(expected, new EmailOptions { PublicBaseUrl = baseUrl }.Link(relative).ToString());

    [Fact]
    public void The_sender_name_is_discreet_by_default() => Assert.Equal("Course team", new EmailOptions().FromName);

    [Fact]
    public void Without_configuration_the_sender_the_site_address_and_the_pickup_folder_are_required()
    {
        var options = new EmailOptions();
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(
            ["The FromAddress field is required.", "The PickupDirectory field is required.", "The PublicBaseUrl field is required."],
            results.Select(r => r.ErrorMessage).Order(StringComparer.Ordinal));
    }
}
