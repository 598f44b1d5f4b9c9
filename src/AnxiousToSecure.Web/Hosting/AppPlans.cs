using AnxiousToSecure.Core.Checkout;
using AnxiousToSecure.Core.Jobs;
using AnxiousToSecure.Core.LocalTestCheckout;

namespace AnxiousToSecure.Web.Hosting;

/// <summary>Payment plans: the same gateway as paying in full (Stripe, or the local test checkout), the ledger, their emails.</summary>
public static class AppPlans
{
    public static IServiceCollection AddPaymentPlans(this IServiceCollection services, bool localTestCheckout)
    {
        // The gateway that sells in full also sells plans: one Stripe client, one local test checkout.
        services.AddSingleton(sp => (IPlanGateway)sp.GetRequiredService<IPaymentGateway>());
        services.AddScoped<PlanLedger>();
        services.AddScoped<PlanCheckout>();
        services.AddScoped<PlanViews>();
        services.AddScoped<PlanEmails>();
        services.AddTransient<PlanEmailJob>();
        services.AddSingleton<IPlanEmailQueue, HangfirePlanEmailQueue>();
        if (localTestCheckout) services.AddScoped<LocalTestPlanEvents>();
        return services;
    }
}
