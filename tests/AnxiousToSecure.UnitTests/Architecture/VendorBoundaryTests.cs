using System.Reflection;
using AnxiousToSecure.Core.Data;
using NetArchTest.Rules;

namespace AnxiousToSecure.UnitTests.Architecture;

/// <summary>
/// Vendor SDKs stop at their adapter folder: rule code sees our own ports, enums and exceptions,
/// so a new SDK version or another vendor changes one folder.
/// </summary>
[Trait("Category", "Architecture")]
public sealed class VendorBoundaryTests
{
    private const string Core = "AnxiousToSecure.Core";

    private static readonly Assembly CoreAssembly = typeof(AppDbContext).Assembly;

    [Fact]
    public void Only_the_Stripe_adapter_uses_Stripe_net() =>
        AssertNone(OutsideAdapter($"{Core}.Stripe").ShouldNot().HaveDependencyOn("Stripe").GetResult(), "Stripe.net");

    [Fact]
    public void Only_the_Smtp_adapter_uses_MailKit() =>
        AssertNone(OutsideAdapter($"{Core}.Smtp").ShouldNot().HaveDependencyOn("MailKit").GetResult(), "MailKit");

    [Fact]
    public void Only_the_Smtp_adapter_uses_MimeKit() =>
        AssertNone(OutsideAdapter($"{Core}.Smtp").ShouldNot().HaveDependencyOn("MimeKit").GetResult(), "MimeKit");

    [Fact]
    public void Only_the_job_adapters_use_Hangfire() =>
        AssertNone(OutsideAdapter($"{Core}.Jobs").ShouldNot().HaveDependencyOn("Hangfire").GetResult(), "Hangfire");

    [Fact]
    public void Core_does_not_use_the_web_project() =>
        AssertNone(Types.InAssembly(CoreAssembly).ShouldNot().HaveDependencyOn("AnxiousToSecure.Web").GetResult(), "AnxiousToSecure.Web");

    private static PredicateList OutsideAdapter(string adapterNamespace) =>
        Types.InAssembly(CoreAssembly).That().DoNotResideInNamespace(adapterNamespace);

    private static void AssertNone(TestResult result, string vendor) =>
        Assert.True(result.IsSuccessful,
            $"These types outside the adapter use {vendor}: {string.Join(", ", result.FailingTypeNames ?? [])}");
}
