using AnxiousToSecure.Web.Components;
using AnxiousToSecure.Web.Components.Account;
using AnxiousToSecure.Web.Features.Admin;
using AnxiousToSecure.Web.Features.Author;
using AnxiousToSecure.Web.Features.Catalog;
using AnxiousToSecure.Web.Features.Checkout;
using AnxiousToSecure.Web.Features.Completion;
using AnxiousToSecure.Web.Features.Feedback;
using AnxiousToSecure.Web.Features.Journal;
using AnxiousToSecure.Web.Features.Learn;
using AnxiousToSecure.Web.Features.Settings;
using AnxiousToSecure.Web.Features.Toolkit;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AnxiousToSecure.Web.Hosting;

public static class AppPipeline
{
    public static WebApplication UseAppPipeline(this WebApplication app)
    {
        app.UsePublicAddress();
        app.UseSecureCookies();
        // The security headers wrap this whole pipeline (AppSecurityHeaders registers them as a startup filter).
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAppRateLimits();
        app.UseAntiforgery();
        app.UseAccountSecurityGates();
        // After authentication (WebApplication puts it first): a signed-in request is never answered from the cache.
        app.UseOutputCache();
        return app;
    }

    public static WebApplication MapAppEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapAccountSecurityEndpoints();
        app.MapEmailEndpoints();
        app.MapStripeEndpoints();
        app.MapCatalogEndpoints();
        app.MapCheckoutEndpoints();
        app.MapPlanEndpoints();
        app.MapRefundRequestEndpoints();
        app.MapGiftEndpoints();
        app.MapJournalEndpoints();
        app.MapReadingEndpoints();
        app.MapLearnEndpoints();
        app.MapCompletionEndpoints();
        app.MapToolkitEndpoints();
        app.MapFeedbackEndpoints();
        app.MapPauseEndpoints();
        app.MapAuthorEndpoints();
        app.MapAdminEndpoints();
        app.MapAppJobs();
        app.MapObservability();

        var health = app.MapGroup("/health");
        health.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        health.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
