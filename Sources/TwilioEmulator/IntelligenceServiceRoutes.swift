import Hummingbird
import TwilioCorpus

/// `GET /v2/Services` (v2 paging, key "services") and `GET /v2/Services/{Sid}`: the account's two services.
struct IntelligenceServiceRoutes {
    let store: IntelligenceStore

    func register(on router: RouterGroup<EmulatorRequestContext>) {
        router.get(RouterPath(EmulatorEndpoint.listIntelligenceServices.routePath)) { request, _ in
            let query = QueryParameters(request.uri.query)
            let paging = try PagingRequest(query: query)
            let page = FixedListPaging.page(store.services, paging: paging, sid: \.sid)
            let base = request.absoluteBase
            return Response.json(V2ListPageJSON(
                base: base, listPath: request.uri.path, key: "services", parameters: [], paging: paging,
                items: page.items.map { $0.json(accountSid: store.generator.accountSid, base: base) },
                next: page.next, previous: page.previous).render())
        }
        router.get(RouterPath(EmulatorEndpoint.fetchIntelligenceService.routePath)) { request, context in
            guard let service = store.services.first(where: { $0.sid == context.parameters.get("Sid") }) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response.json(service.json(accountSid: store.generator.accountSid, base: request.absoluteBase))
        }
    }
}
