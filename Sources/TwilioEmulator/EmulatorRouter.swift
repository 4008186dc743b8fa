import Hummingbird

/// Assembles the routes: Twilio API routes behind counting → fault injection → authentication, control routes
/// bare, and Twilio's 404 body for anything else.
enum EmulatorRouter {
    static func build(configuration: EmulatorConfiguration, store: EmulatorStore, stats: RequestStats,
                      faults: FaultInjector) -> Router<EmulatorRequestContext> {
        let router = Router(context: EmulatorRequestContext.self)
        router.add(middleware: TwilioNotFoundMiddleware())
        ControlRoutes(store: store, stats: stats, faults: faults).register(on: router)
        let api = router.group()
            .add(middleware: RequestCountingMiddleware(stats: stats))
            .add(middleware: FaultInjectionMiddleware(injector: faults))
            .add(middleware: TwilioBasicAuthMiddleware(accountSid: configuration.accountSid,
                                                       authToken: configuration.authToken,
                                                       apiKeys: configuration.apiKeys))
        TranscriptionRoutes(store: store).register(on: api)
        RecordingRoutes(store: store).register(on: api)
        return router
    }
}
