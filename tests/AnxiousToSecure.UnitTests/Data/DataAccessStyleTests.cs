using AnxiousToSecure.Core.Observability;
using System.Reflection;
using AnxiousToSecure.Core.Author;
using AnxiousToSecure.Core.Catalog;
using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.Core.Drip;
using AnxiousToSecure.Core.LocalTestCheckout;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace AnxiousToSecure.UnitTests.Data;

/// <summary>
/// One way to reach the database for each kind of component: pages call Core services and never the
/// context; a service a request uses takes the request's scoped <see cref="AppDbContext"/>; only what
/// outlives a request (the interactive editor's circuit, the drip sweep's parallel sends, a singleton
/// adapter, the shared content cache and its listener) makes short-lived contexts with <see cref="IDbContextFactory{TContext}"/>.
/// </summary>
[Trait("Category", "Data")]
public sealed class DataAccessStyleTests
{
    private static readonly Type[] FactoryUsers = [typeof(LessonAuthoring), typeof(DripSweeper), typeof(GentleReturnSweeper), typeof(LocalTestPaymentGateway), typeof(CourseContentCache), typeof(EmailBacklogGauge), typeof(GiftDeliverySweeper), typeof(AnxiousToSecure.Core.Checkout.PlanViews), typeof(AnxiousToSecure.Core.Learn.LeftOffFlusher)];

    private static IEnumerable<Type> Injects(Type type, Type wanted) =>
        type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
            .Concat(type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null).Select(p => p.PropertyType))
            .Where(t => t == wanted);

    [Fact]
    public void Pages_and_components_never_inject_the_database()
    {
        var components = typeof(Program).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(components);
        var offenders = components
            .Where(t => Injects(t, typeof(AppDbContext)).Any() || Injects(t, typeof(IDbContextFactory<AppDbContext>)).Any())
            .Select(t => t.FullName).ToList();
        Assert.True(offenders.Count == 0, "Components that inject the database (call a Core service instead): " + string.Join(", ", offenders));
    }

    [Fact]
    public void Only_long_lived_components_make_their_own_contexts()
    {
        var services = typeof(AppDbContext).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract).ToList();
        var factoryUsers = services.Where(t => Injects(t, typeof(IDbContextFactory<AppDbContext>)).Any()).ToHashSet();
        Assert.Superset(FactoryUsers.ToHashSet(), factoryUsers);
        var unexpected = factoryUsers.Except(FactoryUsers).Select(t => t.FullName).ToList();
        Assert.True(unexpected.Count == 0, "Services a request uses take the scoped AppDbContext, not the factory: " + string.Join(", ", unexpected));
    }
}
