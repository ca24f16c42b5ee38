window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "4200000002-4200000001",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "4200000002",
            "reactions" : [],
            "urls" : [],
            "text" : "Thanks Ana",
            "mediaUrls" : [],
            "senderId" : "4200000001",
            "id" : "1100000000000000101",
            "createdAt" : "2019-01-08T09:00:00.000Z"
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "4200000001-4200000003",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "4200000001",
            "reactions" : [],
            "urls" : [],
            "text" : "Ping",
            "mediaUrls" : [],
            "senderId" : "4200000003",
            "id" : "1100000000000000102",
            "createdAt" : "2019-01-09T09:00:00.000Z"
          }
        }
      ]
    }
  }
]