using AnxiousToSecure.Core.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AnxiousToSecure.TestSupport;

public static class EmailTransportWrapping
{
    /// <summary>Puts <typeparamref name="T"/> in front of the app's email transport (the real SMTP adapter stays behind it); <typeparamref name="T"/> can be resolved too.</summary>
    public static void WrapEmailTransport<T>(this IServiceCollection services, Func<IServiceProvider, IEmailTransport, T> wrap)
        where T : class, IEmailTransport
    {
        var smtp = services.Last(d => d.ServiceType == typeof(IEmailTransport));
        services.RemoveAll<IEmailTransport>();
        services.AddSingleton(smtp.ImplementationType!);
        services.AddSingleton(p => wrap(p, (IEmailTransport)p.GetRequiredService(smtp.ImplementationType!)));
        services.AddSingleton<IEmailTransport>(p => p.GetRequiredService<T>());
    }
}
